import Manifests

/// A value of an object or a pattern as Kyverno's Go code holds it after
/// decoding JSON: a string, a number, a bool, nil, a map or a list. An
/// object's whole numbers are integers; a pattern's numbers are all floats
/// (policies are decoded without the integer conversion objects get).
enum Atom {
    case string(String)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case null
    case map
    case list

    /// A value of the object; `nil` (absent) and `null` alike are `null`.
    init(value node: Node?) {
        guard let node else { self = .null; return }
        switch node {
        case .mapping: self = .map
        case .sequence: self = .list
        case .scalar(let scalar):
            switch scalar.tag {
            case .int:
                if let value = Int64(scalar.value.hasPrefix("+") ? String(scalar.value.dropFirst()) : scalar.value) { self = .int(value) }
                else if let value = Double(scalar.value) { self = .float(value) }
                else { self = .string(scalar.value) }
            case .float: self = Double(scalar.value).map(Atom.float) ?? .string(scalar.value)
            case .bool: self = .bool(scalar.value == "true" || scalar.value == "True" || scalar.value == "TRUE")
            case .null: self = .null
            default: self = .string(scalar.value)
            }
        }
    }

    /// A value of a pattern: numbers are floats.
    init(pattern node: Node) {
        let atom = Atom(value: node)
        if case .int(let value) = atom { self = .float(Double(value)) } else { self = atom }
    }

    /// Go's `%v` of the value, for messages.
    static func shown(_ node: Node?) -> String {
        guard let node else { return "<nil>" }
        switch node {
        case .scalar(let scalar): return scalar.tag == .null ? "<nil>" : scalar.value
        case .sequence(let items): return "[" + items.map { shown($0) }.joined(separator: " ") + "]"
        case .mapping(let mapping):
            let entries = mapping.entries.sorted { $0.key.value.utf8.lexicographicallyPrecedes($1.key.value.utf8) }
            return "map[" + entries.map { "\($0.key.value):\(shown($0.value))" }.joined(separator: " ") + "]"
        }
    }
}
