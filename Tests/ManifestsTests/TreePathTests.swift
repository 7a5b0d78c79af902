import FileTree
import Testing
@testable import Manifests

@Suite("tree paths")
struct TreePathTests {
    @Test("joins and normalises paths", arguments: [
        ("a/b", "c", "a/b/c"), ("a/b", "c/d.yaml", "a/b/c/d.yaml"), ("", "c", "c"),
        ("a/b", "../c", "a/c"), ("a/b", "./c", "a/b/c"), ("a/b", "c/..", "a/b"), ("a/b", "c//d", "a/b/c/d"),
        ("a/b", ".hidden", "a/b/.hidden"), ("a/b", "...", "a/b/..."), ("a/b", "/x/y", "x/y"), ("a", "..", ""),
    ])
    func join(base: String, relative: String, expected: String) {
        #expect(TreePath.join(base, relative) == expected)
    }

    @Test("refuses to leave the root")
    func escape() {
        #expect(TreePath.join("a", "../..") == nil)
        #expect(TreePath.join("", "..") == nil)
    }
}
