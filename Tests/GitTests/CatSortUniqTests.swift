import Git
import Testing

@Suite("The cat_sort_uniq notes merge strategy")
struct CatSortUniqTests {
    @Test("combines two notes as git's combine_notes_cat_sort_uniq does", arguments: [
        ("b\na\n", "c\n", "a\nb\nc\n"),
        // Duplicates across and within the notes are kept once.
        ("x\nx\n", "x\n", "x\n"),
        // Empty lines vanish, and a missing final newline is added.
        ("\n\nb\n\na", "", "a\nb\n"),
        // Byte-wise order: upper case before lower case, digits before both, no locale.
        ("b\nB\n", "1\né\n", "1\nB\nb\né\n"),
        // A carriage return is part of its line.
        ("a\r\n", "a\n", "a\na\r\n"),
        ("", "", ""),
    ])
    func combines(current: String, new: String, expected: String) {
        let combined = CatSortUniq.combine(Array(current.utf8), Array(new.utf8))
        #expect(String(decoding: combined, as: UTF8.self) == expected)
    }

    @Test("keeps JSON lines that start with a time in time order")
    func timeOrder() {
        let local = #"{"time":"2026-01-02T10:00:00Z","env":"prod"}"# + "\n"
        let remote = #"{"time":"2026-01-01T09:00:00Z","env":"dev"}"# + "\n" + #"{"time":"2026-01-03T08:00:00Z","env":"dev"}"#
        let lines = String(decoding: CatSortUniq.combine(Array(local.utf8), Array(remote.utf8)), as: UTF8.self)
            .split(separator: "\n")
        #expect(lines.map { $0.dropFirst(9).prefix(10) } == ["2026-01-01", "2026-01-02", "2026-01-03"])
    }
}
