import Manifests

/// A regular expression that must match a whole text, as kustomize's target
/// selectors use them (`^(?:pattern)$`). Most patterns are plain names, with at
/// most `.` (any character) as syntax, or a choice of such names
/// (`Deployment|StatefulSet`); those are matched by hand, which is far cheaper
/// than compiling and running a regular expression for every patch of every
/// overlay.
struct TextPattern {
    enum Matcher {
        case anything
        case literal([UInt8])
        /// Names separated by `|`: the text is one of them.
        case alternatives([[UInt8]])
        case regex(Regex<AnyRegexOutput>)
    }

    let matcher: Matcher

    /// A pattern for `text`; empty matches anything.
    init(_ text: String, field: String) throws {
        if text.isEmpty {
            matcher = .anything
        } else if !text.utf8.contains(where: Self.isSyntax) {
            matcher = .literal(Array(text.utf8))
        } else if !text.utf8.contains(where: { $0 != UInt8(ascii: "|") && Self.isSyntax($0) }) {
            matcher = .alternatives(text.utf8.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false).map(Array.init))
        } else {
            do {
                matcher = .regex(try Regex(text))
            } catch {
                throw RenderError(.kustomization, file: "", "invalid regular expression '\(text)' in the \(field) of a target selector: \(error)")
            }
        }
    }

    /// The bytes that make a pattern more than a name with `.` wildcards.
    static func isSyntax(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "?"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"):
            return true
        default:
            return false
        }
    }

    var matchesAnything: Bool {
        if case .anything = matcher { return true }
        return false
    }

    /// True when the pattern matches all of `text`.
    func matches(_ text: String) -> Bool {
        switch matcher {
        case .anything:
            return true
        case .literal(let pattern):
            return text.withUTF8Bytes { Self.matches(pattern, $0) }
        case .alternatives(let patterns):
            return text.withUTF8Bytes { text in patterns.contains { Self.matches($0, text) } }
        case .regex(let regex):
            return (try? regex.wholeMatch(in: text)) != nil
        }
    }

    /// `pattern` against `text` where `.` matches one whole character.
    static func matches(_ pattern: [UInt8], _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        for byte in pattern {
            guard index < text.count else { return false }
            if byte == UInt8(ascii: ".") {
                let lead = text[index]
                index += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            } else {
                guard text[index] == byte else { return false }
                index += 1
            }
        }
        return index == text.count
    }
}
