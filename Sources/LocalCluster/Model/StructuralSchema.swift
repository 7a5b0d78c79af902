import FoundationEssentials
import Manifests

/// A CRD version's `openAPIV3Schema`, read once, for what the API server does with it:
/// pruning unknown fields, defaulting, and validating custom resources (types, required,
/// enum, bounds, lengths, patterns).
struct StructuralSchema: Sendable {
    var type: String?
    /// Declared properties in schema order (validation reports in this order).
    var properties: [(name: String, schema: StructuralSchema)] = []
    /// The schema of every value of a map (`additionalProperties`), at most one.
    var additionalProperties: [StructuralSchema] = []
    /// The schema of list items, at most one.
    var items: [StructuralSchema] = []
    var required: [String] = []
    var enumValues: [Node]?
    var defaultValue: Node?
    var preserveUnknownFields = false
    var intOrString = false
    /// `x-kubernetes-embedded-resource`: apiVersion, kind and metadata are kept.
    var embeddedResource = false
    var minimum: Double?
    var maximum: Double?
    var exclusiveMinimum = false
    var exclusiveMaximum = false
    var minLength: Int?
    var maxLength: Int?
    var minItems: Int?
    var maxItems: Int?
    var pattern: String?

    init(_ node: Node) {
        type = node["type"]?.string
        for entry in node["properties"]?.mapping?.entries ?? [] {
            properties.append((entry.key.value, StructuralSchema(entry.value)))
        }
        if let additional = node["additionalProperties"], additional.mapping != nil {
            additionalProperties = [StructuralSchema(additional)]
        }
        if let items = node["items"], items.mapping != nil { self.items = [StructuralSchema(items)] }
        required = node["required"]?.sequence?.compactMap(\.string) ?? []
        enumValues = node["enum"]?.sequence
        defaultValue = node["default"]
        preserveUnknownFields = node["x-kubernetes-preserve-unknown-fields"]?.text == "true"
            || node["additionalProperties"]?.text == "true"
        intOrString = node["x-kubernetes-int-or-string"]?.text == "true"
        embeddedResource = node["x-kubernetes-embedded-resource"]?.text == "true"
        minimum = node["minimum"]?.text.flatMap(Double.init)
        maximum = node["maximum"]?.text.flatMap(Double.init)
        exclusiveMinimum = node["exclusiveMinimum"]?.text == "true"
        exclusiveMaximum = node["exclusiveMaximum"]?.text == "true"
        minLength = node["minLength"]?.text.flatMap { Int($0) }
        maxLength = node["maxLength"]?.text.flatMap { Int($0) }
        minItems = node["minItems"]?.text.flatMap { Int($0) }
        maxItems = node["maxItems"]?.text.flatMap { Int($0) }
        pattern = node["pattern"]?.string
    }

    func property(_ name: String) -> StructuralSchema? {
        properties.first { $0.name == name }?.schema
    }

    /// A schema that says nothing about a value: anything goes and nothing is pruned.
    var isOpen: Bool { type == nil && properties.isEmpty && additionalProperties.isEmpty && items.isEmpty }

    // MARK: pruning

    /// `object` without the fields the schema does not declare, and the paths of those fields
    /// (`spec.foo`, `spec.items[0].bar`), which `fieldValidation=Strict` refuses.
    func prune(root object: Node) -> (object: Node, unknown: [String]) {
        var unknown: [String] = []
        let pruned = prune(object, path: "", isRoot: true, unknown: &unknown)
        return (pruned, unknown)
    }

    private func prune(_ node: Node, path: String, isRoot: Bool, unknown: inout [String]) -> Node {
        switch node {
        case .mapping(let mapping):
            if isOpen && !isRoot { return node }
            var kept: [Mapping.Entry] = []
            for entry in mapping.entries {
                let name = entry.key.value
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                if (isRoot || embeddedResource) && ["apiVersion", "kind", "metadata"].contains(name) {
                    kept.append(entry)
                } else if let child = property(name) {
                    kept.append(.init(key: entry.key, value: child.prune(entry.value, path: childPath, isRoot: false, unknown: &unknown)))
                } else if let values = additionalProperties.first {
                    kept.append(.init(key: entry.key, value: values.prune(entry.value, path: childPath, isRoot: false, unknown: &unknown)))
                } else if preserveUnknownFields {
                    kept.append(entry)
                } else {
                    unknown.append(childPath)
                }
            }
            return .mapping(Mapping(kept))
        case .sequence(let list):
            guard let element = items.first else { return node }
            return .sequence(list.enumerated().map { index, item in
                element.prune(item, path: "\(path)[\(index)]", isRoot: false, unknown: &unknown)
            })
        case .scalar:
            return node
        }
    }

    // MARK: defaulting

    /// `object` with each missing property that declares a `default` set to it, at every depth.
    func applyDefaults(_ node: Node) -> Node {
        switch node {
        case .mapping(var mapping):
            for (name, child) in properties {
                if mapping[name] == nil, let value = child.defaultValue { mapping[name] = value }
            }
            for index in mapping.entries.indices {
                let name = mapping.entries[index].key.value
                if let child = property(name) ?? additionalProperties.first {
                    mapping.entries[index].value = child.applyDefaults(mapping.entries[index].value)
                }
            }
            return .mapping(mapping)
        case .sequence(let list):
            guard let element = items.first else { return node }
            return .sequence(list.map(element.applyDefaults))
        case .scalar:
            return node
        }
    }

    // MARK: validation

    /// A field error as upstream's `field.Error` prints it.
    struct FieldError: Sendable {
        var field: String
        /// `Invalid value: 1: ...`, `Required value`, `Unsupported value: ...`.
        var message: String
        var reason: String
    }

    /// Every violation in a custom resource, in schema order; apiVersion, kind and metadata are not checked.
    func validate(root object: Node) -> [FieldError] {
        var errors: [FieldError] = []
        guard let mapping = object.mapping else { return errors }
        for (name, child) in properties where !["apiVersion", "kind", "metadata"].contains(name) {
            if let value = mapping[name] { child.validate(value, path: name, errors: &errors) }
        }
        for name in required where mapping[name] == nil {
            errors.append(FieldError(field: name, message: "Required value", reason: "FieldValueRequired"))
        }
        return errors
    }

    private func validate(_ node: Node, path: String, errors: inout [FieldError]) {
        func invalid(_ value: String, _ why: String) {
            errors.append(FieldError(field: path, message: "Invalid value: \(value): \(why)", reason: "FieldValueInvalid"))
        }
        if node.isNull { return }
        let found = Self.typeName(node)
        if intOrString {
            if found != "integer" && found != "string" {
                invalid("\"\(found)\"", "\(path) in body must be of type integer-or-string: \"\(found)\"")
                return
            }
        } else if let type, !(type == found || (type == "number" && found == "integer")) {
            invalid("\"\(found)\"", "\(path) in body must be of type \(type): \"\(found)\"")
            return
        }
        if let enumValues, !enumValues.contains(where: { Validator.sameValue($0, node) }) {
            let supported = enumValues.map(Self.shown).joined(separator: ", ")
            errors.append(FieldError(field: path, message: "Unsupported value: \(Self.shown(node)): supported values: \(supported)",
                                     reason: "FieldValueNotSupported"))
        }
        switch node {
        case .scalar(let scalar):
            if found == "integer" || found == "number", let number = Double(scalar.value) {
                if let minimum, exclusiveMinimum ? number <= minimum : number < minimum {
                    invalid(scalar.value, "\(path) in body should be greater than \(exclusiveMinimum ? "" : "or equal to ")\(Self.number(minimum))")
                }
                if let maximum, exclusiveMaximum ? number >= maximum : number > maximum {
                    invalid(scalar.value, "\(path) in body should be less than \(exclusiveMaximum ? "" : "or equal to ")\(Self.number(maximum))")
                }
            }
            if found == "string" {
                let length = scalar.value.count
                if let minLength, length < minLength {
                    invalid(Self.shown(node), "\(path) in body should be at least \(minLength) chars long")
                }
                if let maxLength, length > maxLength {
                    errors.append(FieldError(field: path, message: "Too long: may not be more than \(maxLength) bytes",
                                             reason: "FieldValueTooLong"))
                }
                if let pattern, let regex = try? Regex(pattern), (try? regex.firstMatch(in: scalar.value)) == nil {
                    invalid(Self.shown(node), "\(path) in body should match '\(pattern)'")
                }
            }
        case .sequence(let list):
            if let minItems, list.count < minItems {
                invalid(String(list.count), "\(path) in body should have at least \(minItems) items")
            }
            if let maxItems, list.count > maxItems {
                errors.append(FieldError(field: path, message: "Too many: \(list.count): must have at most \(maxItems) items",
                                         reason: "FieldValueTooMany"))
            }
            if let element = items.first {
                for (index, item) in list.enumerated() { element.validate(item, path: "\(path)[\(index)]", errors: &errors) }
            }
        case .mapping(let mapping):
            for (name, child) in properties {
                if let value = mapping[name] { child.validate(value, path: "\(path).\(name)", errors: &errors) }
            }
            if let values = additionalProperties.first {
                for entry in mapping.entries where property(entry.key.value) == nil {
                    values.validate(entry.value, path: "\(path).\(entry.key.value)", errors: &errors)
                }
            }
            for name in required where mapping[name] == nil {
                errors.append(FieldError(field: "\(path).\(name)", message: "Required value", reason: "FieldValueRequired"))
            }
        }
    }

    // MARK: typing for server-side apply

    /// What structured-merge-diff refuses when it types an applied configuration: fields the schema
    /// does not declare, and values of the wrong kind (`.spec.size: expected numeric (int or float), got string`).
    func typeErrors(root config: Node) -> [String] {
        var errors: [String] = []
        guard let mapping = config.mapping else { return errors }
        for entry in mapping.entries where !["apiVersion", "kind", "metadata"].contains(entry.key.value) {
            let name = entry.key.value
            if let child = property(name) {
                child.typeErrors(entry.value, path: ".\(name)", errors: &errors)
            } else if !preserveUnknownFields {
                errors.append(".\(name): field not declared in schema")
            }
        }
        return errors
    }

    private func typeErrors(_ node: Node, path: String, errors: inout [String]) {
        if node.isNull || isOpen { return }
        let found = Self.typeName(node)
        let kindName: String = ["integer", "number"].contains(found) ? "number" : found == "boolean" ? "bool" : found
        if intOrString {
            if found != "integer" && found != "string" { errors.append("\(path): expected string or number, got \(kindName)") }
            return
        }
        switch type {
        case "integer", "number":
            if found != "integer" && found != "number" { errors.append("\(path): expected numeric (int or float), got \(kindName)") }
        case "string":
            if found != "string" { errors.append("\(path): expected string, got \(kindName)") }
        case "boolean":
            if found != "boolean" { errors.append("\(path): expected boolean, got \(kindName)") }
        case "array":
            guard let list = node.sequence else {
                errors.append("\(path): expected list, got \(kindName)")
                return
            }
            if let element = items.first {
                for (index, item) in list.enumerated() { element.typeErrors(item, path: "\(path)[\(index)]", errors: &errors) }
            }
        case "object":
            guard let mapping = node.mapping else {
                errors.append("\(path): expected map, got \(kindName)")
                return
            }
            for entry in mapping.entries {
                let name = entry.key.value
                if embeddedResource && ["apiVersion", "kind", "metadata"].contains(name) { continue }
                if let child = property(name) ?? additionalProperties.first {
                    child.typeErrors(entry.value, path: "\(path).\(name)", errors: &errors)
                } else if !preserveUnknownFields {
                    errors.append("\(path).\(name): field not declared in schema")
                }
            }
        default:
            break
        }
    }

    // MARK: names

    /// The OpenAPI type of a value, as upstream's validator names it.
    static func typeName(_ node: Node) -> String {
        switch node {
        case .mapping: return "object"
        case .sequence: return "array"
        case .scalar(let scalar):
            switch scalar.tag {
            case .int: return "integer"
            case .float:
                if let value = Double(scalar.value), value == value.rounded(), abs(value) < 1e15 { return "integer" }
                return "number"
            case .bool: return "boolean"
            case .null: return "null"
            default: return "string"
            }
        }
    }

    /// A value as `field.Error` shows it: strings quoted, numbers and booleans bare.
    static func shown(_ node: Node) -> String {
        if let string = node.string { return "\"\(string)\"" }
        if let text = node.text { return text }
        return (try? JSON.serialize(node)) ?? ""
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// A custom kind's schema as carried by its `ResourceType`; equal when the schema text is.
struct CustomResourceSchema: Sendable, Hashable {
    let root: StructuralSchema
    /// The schema as the CRD states it, published in OpenAPI for `kubectl explain`.
    let source: Node
    let fingerprint: String

    init?(_ node: Node?) {
        guard let node, node.mapping != nil else { return nil }
        root = StructuralSchema(node)
        source = node
        fingerprint = (try? JSON.serialize(node, options: .init(sortKeys: true))) ?? ""
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.fingerprint == rhs.fingerprint }
    func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }
}
