import Testing
@testable import Plan

@Suite("LineDiff")
struct LineDiffTests {
    /// The old and new texts an edit script stands for.
    static func sides(_ edits: [LineDiff.Edit]) -> (old: [Substring], new: [Substring]) {
        (edits.filter { $0.operation != .insert }.map(\.line), edits.filter { $0.operation != .delete }.map(\.line))
    }

    static func lines(_ text: String) -> [Substring] { text.split(separator: " ") }

    @Test("finds the shortest script of Myers' paper and others", arguments: [
        ("a b c a b b a", "c b a b a c", 5),
        ("a b c", "a b c", 0),
        ("", "a b", 2),
        ("a b", "", 2),
        ("a b c d", "a x c d", 2),
        ("x a b c", "a b c y", 2),
        ("a b a b a b", "b a b a b a", 2),
    ])
    func shortest(old: String, new: String, cost: Int) {
        let edits = LineDiff.edits(Self.lines(old), Self.lines(new))
        #expect(edits.count { $0.operation != .equal } == cost)
        #expect(Self.sides(edits) == (Self.lines(old), Self.lines(new)))
    }

    @Test("a script past the cost limit is still a correct diff")
    func fallback() {
        let old = (0..<50).map { Substring("old \($0)") }
        let new = (0..<50).map { Substring("new \($0)") } + old.prefix(3)
        let edits = LineDiff.edits(old, new, maxCost: 10)
        #expect(Self.sides(edits) == (old, new))
    }

    @Test("removes before it adds within one change, as diff does")
    func deletionFirst() {
        let edits = LineDiff.edits(Self.lines("a b c"), Self.lines("a B c"))
        #expect(edits.map(\.operation) == [.equal, .delete, .insert, .equal])
    }
}
