import Testing
@testable import Plan

@Suite("UnifiedDiff")
struct UnifiedDiffTests {
    /// One line per letter of `letters`.
    static func text(_ letters: String) -> String {
        letters.split(separator: " ").map { "\($0)\n" }.joined()
    }

    // Expected texts are GNU diffutils' `diff -u --label old --label new` output.
    @Test("writes what diff -u writes", arguments: [
        ("a b c d e f g h i j k l m n", "a B c d e f g h i j k l n o", """
            --- old
            +++ new
            @@ -1,5 +1,5 @@
             a
            -b
            +B
             c
             d
             e
            @@ -10,5 +10,5 @@
             j
             k
             l
            -m
             n
            +o

            """),
        ("x y", "x z y", "--- old\n+++ new\n@@ -1,2 +1,3 @@\n x\n+z\n y\n"),
        ("a b c d e", "a b d e", "--- old\n+++ new\n@@ -1,5 +1,4 @@\n a\n b\n-c\n d\n e\n"),
        ("a b c", "a b c d", "--- old\n+++ new\n@@ -1,3 +1,4 @@\n a\n b\n c\n+d\n"),
        ("a", "b", "--- old\n+++ new\n@@ -1 +1 @@\n-a\n+b\n"),
        ("", "a b", "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+a\n+b\n"),
        ("a b", "", "--- old\n+++ new\n@@ -1,2 +0,0 @@\n-a\n-b\n"),
    ])
    func golden(old: String, new: String, expected: String) {
        #expect(UnifiedDiff.render(old: Self.text(old), new: Self.text(new), oldLabel: "old", newLabel: "new") == expected)
    }

    @Test("joins changes no more than twice the context apart into one hunk", arguments: [
        // Checked against diff -u: six equal lines between changes join, seven split.
        ("a b c d e f g h", "A b c d e f g H", 1),
        ("a b c d e f g h i", "A b c d e f g h I", 2),
    ])
    func joining(old: String, new: String, hunks: Int) {
        let diff = UnifiedDiff.render(old: Self.text(old), new: Self.text(new), oldLabel: "old", newLabel: "new")
        #expect(diff.split(separator: "\n").count { $0.hasPrefix("@@") } == hunks)
    }

    @Test("equal texts have no diff")
    func equal() {
        #expect(UnifiedDiff.render(old: "a\n", new: "a\n", oldLabel: "old", newLabel: "new") == "")
    }
}
