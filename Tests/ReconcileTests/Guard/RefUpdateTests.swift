import Git
import Manifests
import Testing
@testable import Reconcile

@Suite("hook input")
struct RefUpdateTests {
    static let a = String(repeating: "a", count: 40)
    static let b = String(repeating: "b", count: 40)
    static let zero = String(repeating: "0", count: 40)

    @Test("reads creations, moves and deletions")
    func lines() throws {
        let updates = try RefUpdate.parse(Array("\(Self.zero) \(Self.a) refs/heads/new\n\(Self.a) \(Self.b) refs/heads/main\n\(Self.b) \(Self.zero) refs/tags/v1\n".utf8))
        #expect(updates.map(\.ref) == ["refs/heads/new", "refs/heads/main", "refs/tags/v1"])
        #expect(updates[0].old == nil && updates[0].new?.hex == Self.a)
        #expect(updates[2].new == nil && updates[2].branch == nil && updates[1].branch == "main")
        #expect(try RefUpdate.parse([]).isEmpty)
    }

    @Test("refuses what git never sends, naming the line", arguments: [
        ("x y refs/heads/main", "line 1"), ("\(a) \(b)", "line 1"), ("\(a) \(b) refs/heads/main\n\(a)  refs/heads/x", "line 2"),
        ("\(zero) \(zero) refs/heads/main", "neither creates"), ("\(String(repeating: "A", count: 40)) \(b) refs/heads/main", "object id"),
    ])
    func malformed(input: String, expected: String) {
        #expect {
            try RefUpdate.parse(Array(input.utf8))
        } throws: { error in
            (error as? Finding)?.rule == .input && (error as? Finding)?.message.contains(expected) == true
        }
    }

    @Test("refuses input that is not UTF-8")
    func notUTF8() {
        #expect(throws: Finding.self) { try RefUpdate.parse([0xff, 0xfe, 0x0a]) }
    }

    @Test("reads update's arguments as <ref> <old> <new>")
    func updateArguments() throws {
        let update = try RefUpdate.parse(arguments: ["refs/heads/main", Self.a, Self.b])
        #expect(update.ref == "refs/heads/main" && update.old?.hex == Self.a && update.new?.hex == Self.b)
        #expect(throws: Finding.self) { try RefUpdate.parse(arguments: ["refs/heads/main"]) }
    }
}
