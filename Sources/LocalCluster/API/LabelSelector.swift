import Manifests

/// A label selector, from query text (`app=web,tier in (a,b),!old`) or a LabelSelector object.
struct LabelSelector: Sendable {
    enum Requirement: Sendable {
        case equals(String, String)
        case notEquals(String, String)
        case exists(String)
        case notExists(String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
    }

    var requirements: [Requirement] = []

    init() {}

    /// Parses the query form; throws a 400 on bad syntax.
    init(parsing text: String) throws {
        for part in Self.splitTopLevel(text) {
            let term = part.trimmingSpaces
            if term.isEmpty { continue }
            if let requirement = Self.setRequirement(term) {
                requirements.append(requirement)
            } else if term.hasPrefix("!") {
                let key = String(term.dropFirst()).trimmingSpaces
                guard Self.isKey(key) else { throw Self.invalid(text) }
                requirements.append(.notExists(key))
            } else if let range = term.range(of: "!=") {
                requirements.append(.notEquals(String(term[..<range.lowerBound]).trimmingSpaces,
                                               String(term[range.upperBound...]).trimmingSpaces))
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                let key = String(term[..<range.lowerBound]).trimmingSpaces
                guard Self.isKey(key) else { throw Self.invalid(text) }
                requirements.append(.equals(key, String(term[range.upperBound...]).trimmingSpaces))
            } else {
                guard Self.isKey(term) else { throw Self.invalid(text) }
                requirements.append(.exists(term))
            }
        }
    }

    /// Reads a LabelSelector object (`matchLabels`, `matchExpressions`).
    init(node: Node) {
        for entry in node["matchLabels"]?.mapping?.entries ?? [] {
            requirements.append(.equals(entry.key.value, entry.value.text ?? ""))
        }
        for expression in node["matchExpressions"]?.sequence ?? [] {
            let key = expression["key"]?.string ?? ""
            let values = Set(expression["values"]?.sequence?.compactMap(\.text) ?? [])
            switch expression["operator"]?.string {
            case "In": requirements.append(.isIn(key, values))
            case "NotIn": requirements.append(.notIn(key, values))
            case "Exists": requirements.append(.exists(key))
            case "DoesNotExist": requirements.append(.notExists(key))
            default: break
            }
        }
    }

    var isEmpty: Bool { requirements.isEmpty }

    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): return labels[key] == value
            case .notEquals(let key, let value): return labels[key] != value
            case .exists(let key): return labels[key] != nil
            case .notExists(let key): return labels[key] == nil
            case .isIn(let key, let values): return labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): return labels[key].map { !values.contains($0) } ?? true
            }
        }
    }

    /// The `a=b,c=d` text of a selector made only of equalities (what Scale's `status.selector` shows).
    var text: String {
        requirements.map { requirement in
            switch requirement {
            case .equals(let key, let value): return "\(key)=\(value)"
            case .notEquals(let key, let value): return "\(key)!=\(value)"
            case .exists(let key): return key
            case .notExists(let key): return "!\(key)"
            case .isIn(let key, let values): return "\(key) in (\(values.sorted().joined(separator: ",")))"
            case .notIn(let key, let values): return "\(key) notin (\(values.sorted().joined(separator: ",")))"
            }
        }.joined(separator: ",")
    }

    private static func setRequirement(_ term: String) -> Requirement? {
        for (word, isIn) in [(" notin ", false), (" in ", true)] {
            guard let range = term.range(of: word), term.hasSuffix(")"),
                  let open = term.range(of: "(", range: range.upperBound..<term.endIndex) else { continue }
            let key = String(term[..<range.lowerBound]).trimmingSpaces
            let inner = term[open.upperBound..<term.index(before: term.endIndex)]
            let values = Set(inner.split(separator: ",").map { String($0).trimmingSpaces })
            return isIn ? .isIn(key, values) : .notIn(key, values)
        }
        return nil
    }

    /// Splits on commas outside parentheses.
    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == "," && depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    private static func isKey(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
    }

    private static func invalid(_ text: String) -> APIError {
        APIError.badRequest("unable to parse requirement: found '\(text)', expected: identifier")
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
