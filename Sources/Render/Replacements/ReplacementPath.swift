import Manifests

/// kyaml's dotted field paths as `replacements` read them
/// (`spec.template.spec.containers.[name=web].image`):
///
/// - parts split at `.`; `\.` escapes a dot; a leading `.` is ignored;
/// - `[a.b]` (brackets around dots, without `=`) is one map key `a.b`;
/// - `[field=value]` picks list items whose `field` matches the regular
///   expression `value` (unanchored) when finding targets, and equals it
///   exactly when reading the source; `[=value]` does the same on scalar items;
/// - a non-negative number is a list index; `*` is every item of a list.
enum ReplacementPath {
    /// kyaml's `SmarterPathSplitter(path, ".")`.
    static func split(_ path: String) -> [String] {
        var pieces = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if pieces.count > 1, pieces[0].isEmpty { pieces.removeFirst() }
        var parts: [String] = []
        for piece in pieces {
            if let last = parts.last, last.hasSuffix("\\") {
                parts[parts.count - 1] = String(last.dropLast()) + "." + piece
            } else {
                parts.append(piece)
            }
        }
        var result: [String] = []
        var index = 0
        while index < parts.count {
            let part = parts[index]
            if part.hasPrefix("["), !part.hasSuffix("]") {
                // A bracketed part spans the pieces up to the one closing it.
                var bracketed = [part]
                while index < parts.count - 1 {
                    index += 1
                    bracketed.append(parts[index])
                    if parts[index].hasSuffix("]") { break }
                }
                let joined = bracketed.joined(separator: ".")
                result.append(joined.contains("=") ? joined : joined.trimmingBrackets)
            } else {
                result.append(part)
            }
            index += 1
        }
        return result
    }

    /// A list index as kyaml reads one (Go's `strconv.Atoi`).
    static func index(_ part: String) -> Int? {
        var digits = Substring(part)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(part)
    }

    static func isListMatcher(_ part: String) -> Bool {
        part.hasPrefix("[") && part.hasSuffix("]")
    }

    /// `[field=value]` → (field, value).
    static func listMatcher(_ part: String) throws -> (field: String, value: String) {
        let inner = part.dropFirst().dropLast()
        guard let equals = inner.firstIndex(of: "=") else {
            throw PathError("list path element must contain fieldName=fieldValue for element to match")
        }
        return (String(inner[..<equals]), String(inner[inner.index(after: equals)...]))
    }

    struct PathError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    static func wrongKind(expected: String, _ node: Node) -> PathError {
        PathError("wrong node kind: expected \(expected) but got \(MapEntrySetter.kindName(node)): node contents:\n\(MapEntrySetter.contents(node))")
    }

    /// Reads the node at `path` as kyaml's `PathGetter` does; nil when a part is missing.
    static func lookup(_ node: Node, _ path: [String]) throws -> Node? {
        var current = node
        for part in path.map(\.trimmingSpaces) where !part.isEmpty {
            if let position = index(part) {
                guard position >= 0 else { throw PathError("array index \(position) cannot be negative") }
                guard let items = try elements(of: current), position < items.count else { return nil }
                current = items[position]
            } else if part == "-" {
                guard let last = try elements(of: current)?.last else { return nil }
                current = last
            } else if part == "*" {
                throw PathError("wildcard is not supported in PathGetter")
            } else if isListMatcher(part) {
                let (field, value) = try listMatcher(part)
                guard let items = try elements(of: current) else { return nil }
                let found = items.first { item in
                    if field.isEmpty { return item.scalar?.value == value }
                    return item.mapping?[field]?.scalar?.value == value
                }
                guard let found else { return nil }
                current = found
            } else {
                switch current {
                case .mapping(let mapping):
                    guard let value = mapping[part] else { return nil }
                    current = value
                case .scalar(let scalar) where scalar.tag == .null:
                    return nil
                default:
                    throw wrongKind(expected: "MappingNode", current)
                }
            }
        }
        return current
    }

    /// The items of a sequence; nil for null; an error for anything else.
    static func elements(of node: Node) throws -> [Node]? {
        switch node {
        case .sequence(let items): return items
        case .scalar(let scalar) where scalar.tag == .null: return nil
        default: throw wrongKind(expected: "SequenceNode", node)
        }
    }
}

extension String {
    /// Without leading and trailing white space (Go's `strings.TrimSpace` for ASCII).
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }

    /// Without leading and trailing `[` and `]` (Go's `strings.Trim(s, "[]")`).
    var trimmingBrackets: String {
        var text = Substring(self)
        while text.first == "[" || text.first == "]" { text = text.dropFirst() }
        while text.last == "[" || text.last == "]" { text = text.dropLast() }
        return String(text)
    }
}
