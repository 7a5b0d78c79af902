import Manifests

/// The API server's decoding step: a built-in object must fit its Go types, and a custom
/// resource loses the fields its CRD's schema does not declare (refused under
/// `fieldValidation=Strict`, a `Warning` header under `Warn`). Upstream words each failure differently by request kind, and
/// so do these.
extension ObjectService {
    /// A create or update body: 400 `Kind in version "v1" cannot be handled as a Kind: ...`.
    func decoded(_ body: Node, type: ResourceType, options: WriteOptions) throws -> Node {
        if let mismatch = goTypeMismatch(body, type: type, options: options) {
            throw Self.cannotBeHandled(type, mismatch.goMessage)
        }
        let unknown = unknownBuiltinFields(body, type: type, options: options)
        let result = pruned(GoTypeChecker.removing(unknown, from: body), type: type)
        try Self.judge(unknown: unknown.map(\.decodePath) + result.unknown, duplicates: options.duplicateFields,
                       type: type, options: options)
        return result.object
    }

    /// The object a patch produced: a built-in of the wrong types is a 422 on the field `patch`,
    /// as upstream reports a patched object it cannot convert back.
    func decodedPatchResult(_ object: Node, patch: Node, type: ResourceType, options: WriteOptions) throws -> Node {
        if let mismatch = goTypeMismatch(object, type: type, options: options) {
            let shown = (try? JSON.serialize(patch)) ?? ""
            let message = "Invalid value: \(StructuralSchema.shown(.string(shown))): \(mismatch.goMessage)"
            throw APIError(code: 422, reason: "Invalid", message: " \"\" is invalid: patch: \(message)",
                           details: APIError.details(name: nil, type: nil, kind: "", causes: [
                               APIError.cause(reason: "FieldValueInvalid", message: message, field: "patch"),
                           ]))
        }
        // Validation judges what the patch says (its directives aside), not what was stored before;
        // the stored object never holds an unknown field, so the result's are the patch's.
        let unknown = unknownBuiltinFields(object, type: type, options: options)
        var named = unknown.map(\.decodePath)
        if options.strict, patch.mapping != nil {
            named = unknownBuiltinFields(patch, type: type, options: options).map(\.decodePath)
        }
        let result = pruned(GoTypeChecker.removing(unknown, from: object), type: type)
        try Self.judge(unknown: named + result.unknown, duplicates: options.duplicateFields, type: type, options: options)
        return result.object
    }

    /// Unknown and duplicate fields by `fieldValidation`: a 400 naming them all under Strict,
    /// one warning each under Warn, nothing under Ignore. Field names are quoted as Go's
    /// `strconv.Quote` does (upstream's `strictError`), so a name holding CR or LF stays one line.
    static func judge(unknown: [String], duplicates: [String], type: ResourceType, options: WriteOptions) throws {
        let problems = unknown.map { "unknown field " + GoQuote.quote($0) } + duplicates.map { "duplicate field " + GoQuote.quote($0) }
        guard !problems.isEmpty else { return }
        switch options.fieldValidation {
        case .strict: throw cannotBeHandled(type, "strict decoding error: " + problems.joined(separator: ", "))
        case .warn: problems.forEach(WarningCollector.add)
        case .ignore: break
        }
    }

    /// An applied configuration that cannot be typed: 400 with structured-merge-diff's message
    /// (upstream answers 500 here, which it treats as a bug: kubernetes#139253).
    func checkApplyTypes(_ config: Node, type: ResourceType, namespace: String?, name: String, schema: FieldSchema) throws {
        var errors: [String] = []
        if type.isCustom {
            errors = type.openAPISchema?.root.typeErrors(root: config) ?? []
        } else if let goType = BuiltinFieldTypes.type(of: type.kind) {
            let checker = GoTypeChecker(schema: schema)
            if let mismatch = checker.firstMismatch(in: config, as: goType) { errors = [mismatch.smdMessage] }
            errors += checker.unknownFields(in: config, as: goType).map { "\($0.smdPath): field not declared in schema" }
        }
        guard !errors.isEmpty else { return }
        let gvk = "\(type.groupVersion.contains("/") ? type.groupVersion : "/" + type.groupVersion), Kind=\(type.kind)"
        let text = errors.count == 1 ? errors[0] : "errors:\n" + errors.map { "  " + $0 }.joined(separator: "\n")
        throw APIError.badRequest("failed to create typed patch object (\(namespace ?? "")/\(name); \(gvk)): \(text)")
    }

    private func goTypeMismatch(_ object: Node, type: ResourceType, options: WriteOptions) -> TypeMismatch? {
        guard !type.isCustom, let goType = BuiltinFieldTypes.type(of: type.kind) else { return nil }
        // List types only name list items in messages, so a built-in's own rules do when none was passed.
        let schema = options.schema ?? FieldSchema(kind: type.kind)
        return GoTypeChecker(schema: schema).firstMismatch(in: object, as: goType)
    }

    private func unknownBuiltinFields(_ object: Node, type: ResourceType, options: WriteOptions) -> [UnknownField] {
        guard !type.isCustom, let goType = BuiltinFieldTypes.type(of: type.kind) else { return [] }
        let schema = options.schema ?? FieldSchema(kind: type.kind)
        return GoTypeChecker(schema: schema).unknownFields(in: object, as: goType)
    }

    /// A custom resource without undeclared fields, and the paths of those it dropped.
    private func pruned(_ object: Node, type: ResourceType) -> (object: Node, unknown: [String]) {
        guard type.isCustom, let schema = type.openAPISchema else { return (object, []) }
        return schema.root.prune(root: object)
    }

    static func cannotBeHandled(_ type: ResourceType, _ why: String) -> APIError {
        APIError.badRequest("\(type.kind) in version \"\(type.version)\" cannot be handled as a \(type.kind): \(why)")
    }
}
