import Manifests

/// The value of a var, typed as kustomize reads it from the object's field.
enum VarValue: Equatable {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    /// A mapping or list: never substituted (the reference stays as written).
    case composite

    /// nil when a number or boolean does not parse as Go's `strconv` reads it.
    init?(_ node: Node) {
        guard case .scalar(let scalar) = node else {
            self = .composite
            return
        }
        switch scalar.tag {
        case .int:
            guard let value = ReplacementPath.index(scalar.value) ?? Self.negative(scalar.value) else { return nil }
            self = .int(value)
        case .float:
            guard let value = Double(scalar.value) else { return nil }
            self = .float(value)
        case .bool:
            switch scalar.value {
            case "1", "t", "T", "true", "TRUE", "True": self = .bool(true)
            case "0", "f", "F", "false", "FALSE", "False": self = .bool(false)
            default: return nil
            }
        default:
            self = .string(scalar.value)
        }
    }

    static func negative(_ text: String) -> Int? {
        guard text.hasPrefix("-"), let magnitude = ReplacementPath.index(String(text.dropFirst())) else { return nil }
        return -magnitude
    }

    /// The text Go's `%v` gives the value inside a longer string.
    var text: String? {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .float(let value): return GoFloat.shortestG(value)
        case .bool(let value): return value ? "true" : "false"
        case .composite: return nil
        }
    }
}

/// kustomize's `$(VAR)` expansion (api/filters/refvar): `$(NAME)` of a known
/// var is replaced, `$$` is a literal `$`, anything else stays as written. A
/// field that is exactly one reference takes the var's type (`$(PORT)` → 5432).
struct VarExpander {
    let values: [String: VarValue]

    struct ExpansionError: Error {
        var message: String
    }

    /// Expands the references in a field: a string, the string values of a
    /// mapping, or a list that must hold only strings.
    func expand(_ node: inout Node) throws {
        switch node {
        case .scalar(let scalar):
            guard scalar.tag == .string else { return }
            node = replaced(scalar.value)
        case .mapping(var mapping):
            node = .null
            defer { node = .mapping(mapping) }
            for index in mapping.entries.indices {
                let key = mapping.entries[index].key
                guard key.tag == .string else {
                    throw ExpansionError(message: "invalid map key: value='\(key.value)', tag='\(key.tag.shortName)'")
                }
                guard case .scalar(let value) = mapping.entries[index].value, value.tag == .string else { continue }
                mapping.entries[index].value = replaced(value.value)
            }
        case .sequence(var items):
            node = .null
            defer { node = .sequence(items) }
            for index in items.indices {
                guard case .scalar(let item) = items[index], item.tag == .string else {
                    throw ExpansionError(message: "visit traversal on path: invalid value type expect a string")
                }
                items[index] = replaced(item.value)
            }
        }
    }


    /// The node for `input` after expansion.
    func replaced(_ input: String) -> Node {
        let bytes = Array(input.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var cursor = 0
        while cursor < bytes.count {
            guard bytes[cursor] == UInt8(ascii: "$"), cursor + 1 < bytes.count else {
                output.append(bytes[cursor])
                cursor += 1
                continue
            }
            let next = bytes[cursor + 1]
            if next == UInt8(ascii: "$") {
                output.append(next)
                cursor += 2
            } else if next == UInt8(ascii: "("), let close = bytes[(cursor + 2)...].firstIndex(of: UInt8(ascii: ")")) {
                let name = String(decoding: bytes[(cursor + 2)..<close], as: UTF8.self)
                let value = values[name]
                if cursor == 0, close == bytes.count - 1, let value {
                    return Self.node(for: value, reference: input)
                }
                if let text = value?.text {
                    output += Array(text.utf8)
                } else {
                    output += bytes[cursor...close]
                }
                cursor = close + 1
            } else {
                // A `$` that starts no reference (or an unclosed one) is kept with the next byte.
                output.append(bytes[cursor])
                output.append(next)
                cursor += 2
            }
        }
        return .string(String(decoding: output, as: UTF8.self))
    }

    static func node(for value: VarValue, reference: String) -> Node {
        switch value {
        case .string(let text): return .string(text)
        case .int(let number): return .int(number)
        case .float(let number): return .scalar(Scalar(GoFloat.shortestG(number), tag: .float))
        case .bool(let flag): return .bool(flag)
        case .composite: return .string(reference)
        }
    }
}
