/// Text in the unified format of `diff -u` and `git diff`: a `---`/`+++`
/// header, then hunks of changed lines with `context` unchanged lines
/// around them, each under a `@@ -old +new @@` line.
package enum UnifiedDiff {
    /// The unified diff from `old` to `new`; empty when they are equal.
    /// Both texts are lines ending in a newline, as the YAML printer writes them.
    package static func render(old: String, new: String, oldLabel: String, newLabel: String, context: Int = 3) -> String {
        guard old != new else { return "" }
        let edits = LineDiff.edits(lines(old), lines(new))
        var output = "--- \(oldLabel)\n+++ \(newLabel)\n"
        for hunk in hunks(edits, context: context) {
            let before = edits[..<hunk.lowerBound]
            let oldStart = before.count { $0.operation != .insert }
            let newStart = before.count { $0.operation != .delete }
            let lines = edits[hunk]
            let oldCount = lines.count { $0.operation != .insert }
            let newCount = lines.count { $0.operation != .delete }
            output += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for edit in lines {
                switch edit.operation {
                case .equal: output += " "
                case .delete: output += "-"
                case .insert: output += "+"
                }
                output += edit.line
                output += "\n"
            }
        }
        return output
    }

    /// The lines of `text`, without their newlines; a final newline ends the last line.
    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The ranges of `edits` shown as hunks: each change with up to
    /// `context` equal lines either side, joining changes whose gap is at
    /// most `2 * context` lines, as GNU diff joins them.
    static func hunks(_ edits: [LineDiff.Edit], context: Int) -> [Range<Int>] {
        let changes = edits.indices.filter { edits[$0].operation != .equal }
        var hunks: [Range<Int>] = []
        var start: Int?
        var last = 0
        for change in changes {
            if let open = start, change - last - 1 > 2 * context {
                hunks.append(open..<min(edits.count, last + 1 + context))
                start = nil
            }
            if start == nil { start = max(0, change - context) }
            last = change
        }
        if let open = start { hunks.append(open..<min(edits.count, last + 1 + context)) }
        return hunks
    }

    /// A hunk's range as diff writes it: `start,count`, 1-based; a single
    /// line without its count; an empty range at the line before it.
    static func range(_ start: Int, _ count: Int) -> String {
        switch count {
        case 0: return "\(start),0"
        case 1: return "\(start + 1)"
        default: return "\(start + 1),\(count)"
        }
    }
}
