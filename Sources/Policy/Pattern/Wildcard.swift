/// Kyverno's wildcards (`ext/wildcard`): `*` matches any run of characters,
/// the empty one too, and `?` exactly one character, `/` included. There is
/// no escape: a pattern cannot match a literal `*` alone.
package enum Wildcard {
    /// True when `text` matches `pattern`.
    package static func match(_ pattern: String, _ text: String) -> Bool {
        if pattern.isEmpty { return text.isEmpty }
        if pattern == "*" { return true }
        if !containsWildcard(pattern) { return pattern == text }
        let pattern = Array(pattern.unicodeScalars)
        let text = Array(text.unicodeScalars)
        var p = 0
        var t = 0
        // Where the last `*` was, and the text position it has consumed up to.
        var star: Int?
        var starText = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                star = p
                starText = t
                p += 1
            } else if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let star {
                p = star + 1
                starText += 1
                t = starText
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// True when `text` holds `*` or `?`.
    package static func containsWildcard(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
    }
}
