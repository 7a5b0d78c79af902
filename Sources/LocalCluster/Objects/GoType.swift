import Manifests

/// The Go type a field of a built-in kind decodes into, as far as JSON types go.
///
/// The API server decodes a built-in object into Go structs, so a value of the wrong
/// JSON type (`replicas: "two"`) is refused before anything else looks at it. Only the
/// fields in `BuiltinFieldTypes` are described; anything else is accepted unchecked.
indirect enum GoType: Sendable {
    case int32, int64, bool, string, float64
    /// `intstr.IntOrString`: a number or a string.
    case intOrString
    /// `resource.Quantity`: a number or a string in quantity syntax.
    case quantity
    /// `[]byte`: a base64 string (Secret data).
    case bytes
    /// A struct: its package (`v1`), name, and the fields described.
    case object(String, String, [String: GoType])
    case list(GoType)
    case map(GoType)

    /// How `encoding/json` names the type (`int32`, `v1.PodSpec`, `[]v1.Container`).
    var name: String {
        switch self {
        case .int32: return "int32"
        case .int64: return "int64"
        case .bool: return "bool"
        case .string: return "string"
        case .float64: return "float64"
        case .intOrString: return "intstr.IntOrString"
        case .quantity: return "resource.Quantity"
        case .bytes: return "[]uint8"
        case .object(let package, let name, _): return "\(package).\(name)"
        case .list(let element): return "[]" + element.name
        case .map(let value): return "map[string]" + value.name
        }
    }

    /// How structured-merge-diff names the kind of value it expected.
    var smdKind: String {
        switch self {
        case .int32, .int64, .float64: return "numeric (int or float)"
        case .bool: return "boolean"
        case .string, .bytes: return "string"
        case .intOrString, .quantity: return "string or number"
        case .object, .map: return "map"
        case .list: return "list"
        }
    }
}

/// A value whose JSON type does not fit its field.
struct TypeMismatch: Error, Sendable {
    /// Field names from the root, list items skipped: what `encoding/json` reports.
    var names: [String]
    /// The path with list items (`.spec.containers[name="web"].ports[0]`): what structured-merge-diff reports.
    var path: String
    /// The struct holding the field (`DeploymentSpec`).
    var structName: String
    var expected: GoType
    /// `string`, `number`, `number 2.5`, `bool`, `array`, `object`.
    var found: String
    /// Set when the value is of the right JSON type but malformed (a quantity, base64): the whole message.
    var custom: String?

    /// The decode error the API server reports for a create or update body.
    var goMessage: String {
        if let custom { return custom }
        return "json: cannot unmarshal \(found) into Go struct field \(structName).\(names.joined(separator: ".")) of type \(expected.name)"
    }

    /// The error server-side apply reports when it cannot type the applied configuration.
    var smdMessage: String {
        if let custom { return "\(path): \(custom)" }
        let kind = found.hasPrefix("number") ? "number" : found
        return "\(path): expected \(expected.smdKind), got \(kind)"
    }
}

/// Checks a built-in object's JSON types against `GoType`s.
struct GoTypeChecker {
    /// List types, to name associative-list items in paths as structured-merge-diff does.
    let schema: FieldSchema

    /// The first mismatch in `object`, in field order (Go's decoder reports the first one too).
    func firstMismatch(in object: Node, as type: GoType) -> TypeMismatch? {
        check(object, type, names: [], path: "", structName: "")
    }

    private func check(_ node: Node, _ type: GoType, names: [String], path: String, structName: String) -> TypeMismatch? {
        func mismatch(_ custom: String? = nil) -> TypeMismatch {
            TypeMismatch(names: names, path: path, structName: structName, expected: type, found: Self.jsonKind(node),
                         custom: custom)
        }
        if node.isNull { return nil }
        switch type {
        case .int32, .int64:
            guard case .scalar(let scalar) = node, scalar.tag == .int || scalar.tag == .float else { return mismatch() }
            let limit: Int64 = type.name == "int32" ? Int64(Int32.max) : Int64.max
            guard scalar.tag == .int, let value = Int64(scalar.value), value <= limit, value >= -limit - 1 else {
                var found = mismatch()
                found.found = "number \(scalar.value)"
                return found
            }
            return nil
        case .float64:
            guard case .scalar(let scalar) = node, scalar.tag == .int || scalar.tag == .float else { return mismatch() }
            return nil
        case .bool:
            guard case .scalar(let scalar) = node, scalar.tag == .bool else { return mismatch() }
            return nil
        case .string:
            return Self.isString(node) ? nil : mismatch()
        case .intOrString:
            guard case .scalar(let scalar) = node, Self.isString(node) || scalar.tag == .int else { return mismatch() }
            return nil
        case .quantity:
            guard case .scalar(let scalar) = node, Self.isString(node) || scalar.tag == .int || scalar.tag == .float else {
                return mismatch()
            }
            if Self.isString(node), let problem = Quantity.problem(scalar.value) { return mismatch(problem) }
            return nil
        case .bytes:
            guard Self.isString(node), let text = node.text else { return mismatch() }
            if let offset = Self.base64Problem(text) { return mismatch("illegal base64 data at input byte \(offset)") }
            return nil
        case .object(_, let name, let fields):
            guard let mapping = node.mapping else { return mismatch() }
            for entry in mapping.entries {
                guard let fieldType = fields[entry.key.value] else { continue }
                if let found = check(entry.value, fieldType, names: names + [entry.key.value],
                                     path: path + "." + entry.key.value, structName: name) {
                    return found
                }
            }
            return nil
        case .list(let element):
            guard let items = node.sequence else { return mismatch() }
            let listType = schema.listType(at: names)
            for (index, item) in items.enumerated() {
                let label: String
                if case .map(let keys) = listType, let key = FieldSchema.keyElement(of: item, keys: keys) {
                    label = Self.smdKeyLabel(key)
                } else {
                    label = "[\(index)]"
                }
                if let found = check(item, element, names: names, path: path + label, structName: structName) { return found }
            }
            return nil
        case .map(let value):
            guard let mapping = node.mapping else { return mismatch() }
            for entry in mapping.entries {
                if let found = check(entry.value, value, names: names, path: path + "." + entry.key.value,
                                     structName: structName) {
                    return found
                }
            }
            return nil
        }
    }

    /// `[name="web"]` from the `k:{"name":"web"}` path element.
    static func smdKeyLabel(_ element: PathElement) -> String {
        guard case .key(let json) = element, let node = try? JSON.parse(json), let mapping = node.mapping else { return "[]" }
        let parts = mapping.entries.map { entry -> String in
            let value = entry.value.string.map { "\"\($0)\"" } ?? entry.value.text ?? ""
            return "\(entry.key.value)=\(value)"
        }
        return "[" + parts.joined(separator: ",") + "]"
    }

    static func isString(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        switch scalar.tag {
        case .string, .timestamp, .binary, .other: return true
        default: return false
        }
    }

    /// How `encoding/json` names the JSON type of a value it could not decode.
    static func jsonKind(_ node: Node) -> String {
        switch node {
        case .mapping: return "object"
        case .sequence: return "array"
        case .scalar(let scalar):
            switch scalar.tag {
            case .int, .float: return "number"
            case .bool: return "bool"
            case .null: return "null"
            default: return "string"
            }
        }
    }

    /// The offset Go's base64 decoder reports for malformed standard base64, or nil when it decodes.
    static func base64Problem(_ text: String) -> Int? {
        let bytes = Array(text.utf8).filter { $0 != 0x0A && $0 != 0x0D }
        func isAlphabet(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
        }
        var padding = 0
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "=") {
                // Padding only at the end of the last quantum, at most two.
                if index < bytes.count - 2 || index % 4 < 2 { return index }
                padding += 1
                continue
            }
            if padding > 0 || !isAlphabet(byte) { return index }
        }
        // A truncated last quantum is reported at its end, roughly where Go's decoder notices it.
        return bytes.count % 4 == 0 ? nil : bytes.count
    }
}

/// `resource.Quantity` syntax (`100m`, `1Gi`, `1e3`).
enum Quantity {
    static let regexMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    static let suffixes: Set<String> = ["", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]

    /// Why `text` is not a quantity, in upstream's words, or nil when it is one.
    static func problem(_ text: String) -> String? {
        var bytes = Substring(text)
        if bytes.first == "+" || bytes.first == "-" { bytes = bytes.dropFirst() }
        let number = bytes.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !number.isEmpty else { return regexMessage }
        let suffix = bytes.dropFirst(number.count)
        guard suffix.allSatisfy({ "eEinumkKMGTP+-0123456789".contains($0) }) else { return regexMessage }
        guard number.filter({ $0 == "." }).count <= 1, number.contains(where: \.isNumber) else { return regexMessage }
        if suffixes.contains(String(suffix)) { return nil }
        // A decimal exponent: e or E, an optional sign, digits.
        if let first = suffix.first, first == "e" || first == "E" {
            var exponent = suffix.dropFirst()
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            if !exponent.isEmpty && exponent.allSatisfy(\.isNumber) { return nil }
        }
        return "unable to parse quantity's suffix"
    }
}

/// A field no struct of the object declares.
struct UnknownField: Sendable {
    enum Step: Sendable {
        case key(String)
        case index(Int)
    }

    var steps: [Step]
    /// `spec.template.spec.containers[0].imagePullpolicy`: how strict decoding names it.
    var decodePath: String
    /// `.spec.template.spec.containers[name="web"].imagePullpolicy`: how structured-merge-diff names it.
    var smdPath: String
}

extension GoTypeChecker {
    /// The fields of `object` that the structs whose field lists are complete do not declare.
    func unknownFields(in object: Node, as type: GoType) -> [UnknownField] {
        var found: [UnknownField] = []
        collectUnknown(object, type, names: [], steps: [], decodePath: "", smdPath: "", into: &found)
        return found
    }

    private func collectUnknown(_ node: Node, _ type: GoType, names: [String], steps: [UnknownField.Step],
                                decodePath: String, smdPath: String, into found: inout [UnknownField]) {
        switch type {
        case .object(_, let name, let fields):
            guard let mapping = node.mapping else { return }
            let known = BuiltinFieldTypes.knownFields[name]
            for entry in mapping.entries {
                let key = entry.key.value
                let childDecode = decodePath.isEmpty ? key : "\(decodePath).\(key)"
                let childSMD = "\(smdPath).\(key)"
                if let fieldType = fields[key] {
                    collectUnknown(entry.value, fieldType, names: names + [key], steps: steps + [.key(key)],
                                   decodePath: childDecode, smdPath: childSMD, into: &found)
                } else if let known, !known.contains(key), !key.hasPrefix("$") {
                    // `$patch`, `$setElementOrder/...` and the like are strategic merge patch directives.
                    found.append(UnknownField(steps: steps + [.key(key)], decodePath: childDecode, smdPath: childSMD))
                }
            }
        case .list(let element):
            guard let items = node.sequence else { return }
            let listType = schema.listType(at: names)
            for (index, item) in items.enumerated() {
                var label = "[\(index)]"
                if case .map(let keys) = listType, let key = FieldSchema.keyElement(of: item, keys: keys) {
                    label = Self.smdKeyLabel(key)
                }
                collectUnknown(item, element, names: names, steps: steps + [.index(index)],
                               decodePath: "\(decodePath)[\(index)]", smdPath: smdPath + label, into: &found)
            }
        case .map(let value):
            guard let mapping = node.mapping else { return }
            for entry in mapping.entries {
                let key = entry.key.value
                collectUnknown(entry.value, value, names: names, steps: steps + [.key(key)],
                               decodePath: "\(decodePath).\(key)", smdPath: "\(smdPath).\(key)", into: &found)
            }
        default:
            return
        }
    }

    /// `object` without the unknown fields, as decoding into Go structs drops them.
    static func removing(_ unknown: [UnknownField], from object: Node) -> Node {
        var object = object
        for field in unknown.reversed() { object = remove(field.steps[...], from: object) }
        return object
    }

    private static func remove(_ steps: ArraySlice<UnknownField.Step>, from node: Node) -> Node {
        guard let step = steps.first else { return node }
        switch (step, node) {
        case (.key(let key), .mapping(var mapping)):
            if steps.count == 1 {
                _ = mapping.removeValue(forKey: key)
            } else if let child = mapping[key] {
                mapping[key] = remove(steps.dropFirst(), from: child)
            }
            return .mapping(mapping)
        case (.index(let index), .sequence(var items)) where items.indices.contains(index):
            items[index] = remove(steps.dropFirst(), from: items[index])
            return .sequence(items)
        default:
            return node
        }
    }
}
