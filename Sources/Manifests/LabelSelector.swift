/// A Kubernetes label selector, read from its string form (`app=web,tier!=db`,
/// `env in (a,b)`, `!canary`, `release`) as `labels.Parse` reads it, or from a
/// LabelSelector object (`matchLabels`, `matchExpressions`).
package struct LabelSelector: Sendable, Equatable {
    enum Requirement: Sendable, Equatable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, [String])
        case notIn(String, [String])
        case exists(String)
        case doesNotExist(String)
    }

    var requirements: [Requirement]

    /// The selector that selects everything.
    package init() {
        requirements = []
    }

    /// Parses `text`; an empty text selects everything.
    package init(_ text: String) throws(LabelSelectorError) {
        var requirements: [Requirement] = []
        var scanner = Scanner(Array(text.unicodeScalars))
        scanner.skipSpaces()
        while !scanner.atEnd {
            requirements.append(try scanner.requirement(in: text))
            scanner.skipSpaces()
            if scanner.atEnd { break }
            guard scanner.consume(",") else { throw Self.error(text, "expected ','") }
            scanner.skipSpaces()
        }
        self.requirements = requirements
    }

    static func error(_ text: String, _ detail: String) -> LabelSelectorError {
        LabelSelectorError(selector: text, detail: detail)
    }

    /// Reads a LabelSelector object (`matchLabels`, `matchExpressions`).
    package init(node: Node) {
        var requirements: [Requirement] = []
        for entry in node["matchLabels"]?.mapping?.entries ?? [] {
            requirements.append(.equals(entry.key.value, entry.value.text ?? ""))
        }
        for expression in node["matchExpressions"]?.sequence ?? [] {
            let key = expression["key"]?.string ?? ""
            let values = expression["values"]?.sequence?.compactMap(\.text) ?? []
            switch expression["operator"]?.string {
            case "In": requirements.append(.isIn(key, values))
            case "NotIn": requirements.append(.notIn(key, values))
            case "Exists": requirements.append(.exists(key))
            case "DoesNotExist": requirements.append(.doesNotExist(key))
            default: break
            }
        }
        self.requirements = requirements
    }

    /// True when the selector selects everything.
    package var isEmpty: Bool { requirements.isEmpty }

    /// The string form (`a=b,c in (x,y)`), as a Scale's `status.selector` shows it.
    package var text: String {
        requirements.map { requirement in
            switch requirement {
            case .equals(let key, let value): return "\(key)=\(value)"
            case .notEquals(let key, let value): return "\(key)!=\(value)"
            case .exists(let key): return key
            case .doesNotExist(let key): return "!\(key)"
            case .isIn(let key, let values): return "\(key) in (\(values.sorted().joined(separator: ",")))"
            case .notIn(let key, let values): return "\(key) notin (\(values.sorted().joined(separator: ",")))"
            }
        }.joined(separator: ",")
    }

    /// True when `labels` satisfy every requirement.
    package func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): return labels[key] == value
            case .notEquals(let key, let value): return labels[key] != value
            case .isIn(let key, let values): return labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): return labels[key].map { !values.contains($0) } ?? true
            case .exists(let key): return labels[key] != nil
            case .doesNotExist(let key): return labels[key] == nil
            }
        }
    }

    struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }

        mutating func skipSpaces() {
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        }

        mutating func consume(_ text: String) -> Bool {
            let wanted = Array(text.unicodeScalars)
            guard index + wanted.count <= scalars.count, Array(scalars[index..<index + wanted.count]) == wanted else { return false }
            index += wanted.count
            return true
        }

        static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            !" \t,=!()".unicodeScalars.contains(scalar)
        }

        mutating func word() -> String {
            let start = index
            while index < scalars.count, Self.isWordCharacter(scalars[index]) { index += 1 }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        mutating func values(in text: String) throws(LabelSelectorError) -> [String] {
            skipSpaces()
            guard consume("(") else { throw LabelSelector.error(text, "expected '('") }
            var values: [String] = []
            while true {
                skipSpaces()
                values.append(word())
                skipSpaces()
                if consume(")") { return values }
                guard consume(",") else { throw LabelSelector.error(text, "expected ',' or ')'") }
            }
        }

        mutating func requirement(in text: String) throws(LabelSelectorError) -> Requirement {
            if consume("!") {
                skipSpaces()
                let key = word()
                guard !key.isEmpty else { throw LabelSelector.error(text, "expected a key after '!'") }
                return .doesNotExist(key)
            }
            let key = word()
            guard !key.isEmpty else { throw LabelSelector.error(text, "expected a key") }
            skipSpaces()
            if consume("!=") {
                skipSpaces()
                return .notEquals(key, word())
            }
            if consume("==") || consume("=") {
                skipSpaces()
                return .equals(key, word())
            }
            let save = index
            let keyword = word()
            switch keyword {
            case "in": return .isIn(key, try values(in: text))
            case "notin": return .notIn(key, try values(in: text))
            default:
                index = save
                return .exists(key)
            }
        }
    }
}

/// A label selector that does not parse.
package struct LabelSelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    package var selector: String
    package var detail: String

    package var description: String { "invalid label selector '\(selector)': \(detail)" }
}
