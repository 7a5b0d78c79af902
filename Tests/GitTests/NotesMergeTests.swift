import TestSupport
import Git
import Testing

@Suite("Merging notes references with cat_sort_uniq")
struct NotesMergeTests {
    let sandbox: Sandbox
    let repository: Repository
    /// Six commits to annotate, oldest first.
    let commits: [String]

    init() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        commits = try (0..<6).map { try sandbox.commit("commit \($0)", ["f.txt": "\($0)\n"]) }
        repository = try Repository(at: repo)
        self.sandbox = sandbox
    }

    /// Sets the note on commit `index` in `refs/notes/<ref>` to `text`, as git notes does.
    func note(_ ref: String, _ index: Int, _ text: String) throws {
        try sandbox.git("notes", "--ref=\(ref)", "add", "-f", "-m", text, commits[index])
    }

    /// `git notes list` of `refs/notes/<ref>`: one `<note blob> <object>` line a note, sorted.
    func list(_ ref: String) throws -> [String] {
        try sandbox.git("notes", "--ref=\(ref)", "list").split(separator: "\n").map(String.init).sorted()
    }

    /// Merges `refs/notes/theirs` into a copy of `refs/notes/ops` with the real git, and into
    /// `refs/notes/ops` with `mergeNotes`, and expects the same notes, parents and message.
    func expectSameAsGit() throws -> NotesMergeOutcome {
        try sandbox.git("update-ref", "refs/notes/by-git", "refs/notes/ops")
        try sandbox.git("notes", "--ref=by-git", "merge", "-q", "-s", "cat_sort_uniq", "refs/notes/theirs")
        let outcome = try repository.mergeNotes(from: "refs/notes/theirs", into: "refs/notes/ops")
        #expect(try list("ops") == (try list("by-git")))
        #expect(try sandbox.git("rev-list", "--parents", "-1", "refs/notes/ops").split(separator: " ").dropFirst()
            == (try sandbox.git("rev-list", "--parents", "-1", "refs/notes/by-git").split(separator: " ").dropFirst()))
        #expect(try sandbox.git("log", "-1", "--format=%s", "refs/notes/ops")
            == (try sandbox.git("log", "-1", "--format=%s", "refs/notes/by-git")).replacingOccurrences(of: "by-git", with: "ops"))
        #expect(try sandbox.git("fsck", "--strict", "--no-progress", "--no-dangling").isEmpty)
        return outcome
    }

    @Test("merges notes both sides changed since their merge base exactly as git notes merge -s cat_sort_uniq")
    func threeWay() throws {
        for (index, text) in [(0, "a0"), (1, "b1"), (2, "c2"), (5, "f5")] { try note("ops", index, text) }
        try sandbox.git("update-ref", "refs/notes/theirs", "refs/notes/ops")
        // Local: appends to 0, adds 3, deletes 5.
        try note("ops", 0, "a0\nlocal 0")
        try note("ops", 3, "local 3")
        try sandbox.git("notes", "--ref=ops", "remove", commits[5])
        // Remote: appends to 0, changes 1 (untouched locally), deletes 2, adds 3 and 4, changes 5 (deleted locally).
        try note("theirs", 0, "a0\nremote 0\n\nlocal 0")
        try note("theirs", 1, "b1 remote")
        try sandbox.git("notes", "--ref=theirs", "remove", commits[2])
        try note("theirs", 3, "remote 3")
        try note("theirs", 4, "remote 4")
        try note("theirs", 5, "f5\nremote 5")

        let outcome = try expectSameAsGit()
        guard case .merged = outcome else { Issue.record("expected a merge commit, got \(outcome)"); return }
        #expect(try sandbox.git("notes", "--ref=ops", "show", commits[0]) == "a0\nlocal 0\nremote 0")
        #expect(try sandbox.git("notes", "--ref=ops", "show", commits[3]) == "local 3\nremote 3")
        #expect(try sandbox.git("notes", "--ref=ops", "show", commits[5]) == "f5\nremote 5")
        #expect(try repository.note(on: #require(ObjectID(hex: commits[2]))) == nil)
    }

    @Test("merges two notes histories that never met against the empty tree, as git does")
    func historyLess() throws {
        try note("ops", 0, "z local\na shared")
        try note("ops", 1, "local only")
        try note("theirs", 0, "a shared\nm remote")
        try note("theirs", 2, "remote only")
        _ = try expectSameAsGit()
        #expect(try sandbox.git("notes", "--ref=ops", "show", commits[0]) == "a shared\nm remote\nz local")
    }

    @Test("fast-forwards when only the remote moved, and does nothing when it is already merged")
    func fastForwardAndUpToDate() throws {
        try note("ops", 0, "zero")
        try sandbox.git("update-ref", "refs/notes/theirs", "refs/notes/ops")
        try note("theirs", 1, "one")
        let remote = try #require(ObjectID(hex: try sandbox.git("rev-parse", "refs/notes/theirs")))
        #expect(try repository.mergeNotes(from: "refs/notes/theirs", into: "refs/notes/ops") == .fastForward(remote))
        #expect(try repository.referenceTarget("refs/notes/ops") == remote)
        #expect(try repository.mergeNotes(from: "refs/notes/theirs", into: "refs/notes/ops") == .alreadyUpToDate)

        try sandbox.git("update-ref", "-d", "refs/notes/ops")
        #expect(try repository.mergeNotes(from: "refs/notes/theirs", into: "refs/notes/ops") == .fastForward(remote))
        #expect(try repository.mergeNotes(from: "refs/notes/missing", into: "refs/notes/ops") == .alreadyUpToDate)
    }

    @Test("keeps git's fanout: new notes go into the directories git made for 300 notes")
    func fanout() throws {
        // 300 commits with a note each, written by git fast-import, which lays the notes out two digits deep.
        var stream = ""
        for index in 1...300 {
            stream += "commit refs/heads/many\nmark :\(index)\ncommitter A <a@example.com> \(index) +0000\ndata 0\n"
        }
        stream += "commit refs/notes/ops\ncommitter A <a@example.com> 0 +0000\ndata 4\nmany\n"
        for index in 1...300 {
            stream += "N inline :\(index)\ndata \(String(index).utf8.count)\n\(index)\n"
        }
        try sandbox.git("fast-import", "--quiet", input: stream)
        try sandbox.git("update-ref", "refs/notes/theirs", "refs/notes/ops")
        try note("ops", 0, "local")
        try note("theirs", 1, "remote")
        try note("theirs", 0, "remote")
        #expect(try sandbox.git("ls-tree", "--name-only", "refs/notes/theirs").split(separator: "\n")
            .allSatisfy { $0.count == 2 })

        _ = try expectSameAsGit()
        let paths = try sandbox.git("ls-tree", "-r", "--name-only", "refs/notes/ops").split(separator: "\n")
        #expect(paths.count == 302)
        #expect(paths.allSatisfy { $0.count == 41 && $0.dropFirst(2).first == "/" })
    }

    @Test("refuses to merge into a reference outside refs/notes, and an unknown revision")
    func refusals() throws {
        try note("theirs", 0, "x")
        let outside = #expect(throws: GitError.self) {
            try repository.mergeNotes(from: "refs/notes/theirs", into: "refs/heads/main")
        }
        #expect(outside?.code == .invalid)
        let unknown = #expect(throws: GitError.self) { try repository.mergeNotes(from: "nope~", into: "refs/notes/ops") }
        #expect(unknown?.code == .notFound || unknown?.code == .invalid)
    }
}
