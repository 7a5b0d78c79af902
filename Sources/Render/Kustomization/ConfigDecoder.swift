import Manifests

/// Reads a transformer configuration document (a `configurations:` file) as
/// kustomize unmarshals it, strictly, into its TransformerConfig: unknown
/// fields are errors, known ones must have their types. Repeated specs are
/// left to the merge that follows. (`labels` holds extra fields for every
/// `labels:` entry of a kustomization, never for `commonLabels`.)
struct ConfigDecoder {
    let file: String
    /// Plugin configs are read leniently: unknown fields are ignored there.
    var strict = true

    func failure(_ field: String, _ message: String) -> RenderError {
        RenderError(.kustomization, file: file, "invalid transformer configuration: field '\(field)' \(message)")
    }

    func config(_ document: Node) throws -> TransformerConfig {
        guard let mapping = document.mapping else {
            throw failure("", "must be a mapping of transformer names to field specs, found \(FieldDecoder.describe(document))")
        }
        var config = TransformerConfig()
        for entry in mapping.entries where !entry.value.isNull {
            let field = Self.fieldName(entry.key.value, Self.configFields)
            switch field {
            case "namePrefix": config.namePrefix = try fieldSpecs(entry.value, field)
            case "nameSuffix": config.nameSuffix = try fieldSpecs(entry.value, field)
            case "namespace": config.namespace = try fieldSpecs(entry.value, field)
            case "commonLabels": config.commonLabels = try fieldSpecs(entry.value, field)
            case "templateLabels": config.templateLabels = try fieldSpecs(entry.value, field)
            case "commonAnnotations": config.commonAnnotations = try fieldSpecs(entry.value, field)
            case "varReference": config.varReference = try fieldSpecs(entry.value, field)
            case "images": config.images = try fieldSpecs(entry.value, field)
            case "replicas": config.replicas = try fieldSpecs(entry.value, field)
            case "nameReference": config.nameReference = try nameReferences(entry.value, field)
            case "labels": config.labels = try fieldSpecs(entry.value, field)
            default: throw unknown(field, in: "")
            }
        }
        // As kustomize reads such a file: the lists as written, sorted by kind.
        config.sortFields()
        return config
    }

    static let configFields = [
        "namePrefix", "nameSuffix", "namespace", "commonLabels", "templateLabels", "commonAnnotations",
        "varReference", "images", "replicas", "nameReference", "labels",
    ]

    /// The field a key names as Go's JSON decoder finds it: the exact name,
    /// else one equal to it without regard to case (`NamePrefix`, `PATH`).
    static func fieldName(_ key: String, _ known: [String]) -> String {
        if known.contains(key) { return key }
        let folded = fold(key)
        return known.first { fold($0) == folded } ?? key
    }

    /// Case folding as Go's `EqualFold` does it for these ASCII names: the
    /// Kelvin sign and the long s fold to k and s.
    static func fold(_ text: String) -> String {
        String(text.lowercased().map { $0 == "\u{212A}" ? "k" : $0 == "\u{017F}" ? "s" : $0 })
    }

    func unknown(_ field: String, in parent: String) -> RenderError {
        let place = parent.isEmpty ? "" : " in '\(parent)'"
        return RenderError(.kustomization, file: file, "invalid transformer configuration: unknown field \"\(field)\"\(place)")
    }

    func list(_ node: Node, _ field: String) throws -> [Node] {
        if node.isNull { return [] }
        guard let items = node.sequence else { throw failure(field, "must be a list, found \(FieldDecoder.describe(node))") }
        return items
    }

    func string(_ node: Node, _ field: String) throws -> String {
        if node.isNull { return "" }
        guard case .scalar(let scalar) = node, scalar.tag == .string || scalar.tag.isCustom else {
            throw failure(field, "must be a string, found \(FieldDecoder.describe(node))")
        }
        return scalar.value
    }

    func fieldSpecs(_ node: Node, _ field: String) throws -> [FieldSpec] {
        try list(node, field).enumerated().map { try fieldSpec($0.element, "\(field)[\($0.offset)]") }
    }

    func fieldSpec(_ node: Node, _ field: String) throws -> FieldSpec {
        if node.isNull { return FieldSpec(path: "") }
        guard let mapping = node.mapping else { throw failure(field, "must be a mapping, found \(FieldDecoder.describe(node))") }
        var spec = FieldSpec(path: "")
        for entry in mapping.entries {
            let key = Self.fieldName(entry.key.value, ["group", "version", "kind", "path", "create"])
            switch key {
            case "group": spec.group = try string(entry.value, "\(field).group")
            case "version": spec.version = try string(entry.value, "\(field).version")
            case "kind": spec.kind = try string(entry.value, "\(field).kind")
            case "path": spec.path = try string(entry.value, "\(field).path")
            case "create":
                if entry.value.isNull { continue }
                guard case .scalar(let scalar) = entry.value, scalar.tag == .bool else {
                    throw failure("\(field).create", "must be true or false, found \(FieldDecoder.describe(entry.value))")
                }
                spec.create = ["true", "yes", "on", "y"].contains(scalar.value.lowercased())
            default: if strict { throw unknown(key, in: field) }
            }
        }
        return spec
    }

    func nameReferences(_ node: Node, _ field: String) throws -> [TransformerConfig.NameReference] {
        var result: [TransformerConfig.NameReference] = []
        for (offset, item) in try list(node, field).enumerated() {
            let here = "\(field)[\(offset)]"
            guard let mapping = item.mapping else {
                if item.isNull { continue }
                throw failure(here, "must be a mapping, found \(FieldDecoder.describe(item))")
            }
            var reference = TransformerConfig.NameReference(kind: "", referrers: [])
            for entry in mapping.entries {
                switch Self.fieldName(entry.key.value, ["group", "version", "kind", "fieldSpecs"]) {
                case "group": reference.group = try string(entry.value, "\(here).group")
                case "version": reference.version = try string(entry.value, "\(here).version")
                case "kind": reference.kind = try string(entry.value, "\(here).kind")
                case "fieldSpecs": reference.referrers = try fieldSpecs(entry.value, "\(here).fieldSpecs")
                default: throw unknown(entry.key.value, in: here)
                }
            }
            result.append(reference)
        }
        return result
    }
}
