import Manifests

/// The few validations kubectl users meet first (kube-api.md §5.3); each failure is a 422 Invalid.
enum Validator {

    static func validate(_ object: Node, type: ResourceType, live: Node?) throws {
        let name = object[path: ["metadata", "name"]]?.string ?? ""
        let nameErrors = type.nameValidation.errors(for: name, in: object).map { message in
            StructuralSchema.FieldError(field: "metadata.name", message: "Invalid value: \(GoQuote.quote(name)): \(message)",
                                        reason: "FieldValueInvalid")
        }
        if !nameErrors.isEmpty { throw APIError.invalid(type, name, errors: nameErrors) }
        for (key, value) in labels(of: object, at: ["metadata", "labels"]) where !isLabelValue(value) {
            throw APIError.invalid(type, name, field: "metadata.labels",
                                   message: "Invalid value: \"\(value)\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (label \(key))")
        }
        if !annotationsFit(object) {
            // 1.32's wording (`field.TooLong`); 1.31 and before said "must have at most 262144 bytes".
            throw APIError.invalid(type, name, field: "metadata.annotations",
                                   message: "Too long: may not be more than \(totalAnnotationSizeLimit) bytes",
                                   reason: "FieldValueTooLong")
        }
        if let schema = type.openAPISchema {
            let errors = schema.root.validate(root: object)
            if !errors.isEmpty { throw APIError.invalid(type, name, errors: errors) }
        }
        guard !type.isCustom, WorkloadRules.kinds[type.kind] != nil else { return }
        try validateWorkload(object, type: type, name: name, live: live)
    }

    private static func validateWorkload(_ object: Node, type: ResourceType, name: String, live: Node?) throws {
        func invalid(_ problem: WorkloadRules.Problem) -> APIError {
            problem.required
                ? APIError.invalid(type, name, field: problem.field, message: problem.message, reason: "FieldValueRequired")
                : APIError.invalid(type, name, field: problem.field, message: problem.message)
        }
        var problems = WorkloadRules.problems(object, kind: type.kind)[...]
        if let first = problems.first, first.field.hasPrefix("spec.selector") || first.field == "spec.template.metadata.labels" {
            throw invalid(first)
        }
        if let selector = object[path: ["spec", "selector"]], let live, let old = live[path: ["spec", "selector"]],
           !sameValue(old, selector), type.kind != "Job" {
            throw APIError.invalid(type, name, field: "spec.selector",
                                   message: "Invalid value: \(describe(selector)): field is immutable")
        }
        if let first = problems.popFirst() { throw invalid(first) }
    }

    /// `TotalAnnotationSizeLimitB`: what all of an object's annotation keys and values may hold.
    static let totalAnnotationSizeLimit = 256 * 1024

    /// `ValidateAnnotationsSize`: the annotations' keys and values, in bytes, within the limit
    /// (a client-side apply of a large CRD fails on it, its last-applied annotation holding the CRD).
    static func annotationsFit(_ object: Node) -> Bool {
        var total = 0
        for entry in object[path: ["metadata", "annotations"]]?.mapping?.entries ?? [] {
            total += entry.key.value.utf8.count + (entry.value.text ?? "").utf8.count
        }
        return total <= totalAnnotationSizeLimit
    }

    static func labels(of object: Node, at path: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for entry in object[path: path]?.mapping?.entries ?? [] { result[entry.key.value] = entry.value.text ?? "" }
        return result
    }

    static func sameValue(_ lhs: Node, _ rhs: Node) -> Bool {
        lhs.isEquivalent(to: rhs)
    }

    private static func describe(_ node: Node) -> String {
        (try? JSON.serialize(node, options: .init(sortKeys: true))) ?? ""
    }

    static func isLabelValue(_ text: String) -> Bool {
        if text.isEmpty { return true }
        let bytes = Array(text.utf8)
        guard bytes.count <= 63, let first = bytes.first, let last = bytes.last else { return false }
        func alnum(_ byte: UInt8) -> Bool {
            NameValidation.isLowerAlnum(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        }
        return alnum(first) && alnum(last) && bytes.allSatisfy {
            alnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }
}
