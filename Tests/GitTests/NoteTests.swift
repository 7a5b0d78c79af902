import TestSupport
import Git
import Testing

@Suite("Reading and appending notes")
struct NoteTests {
    let sandbox: Sandbox
    let repository: Repository
    let commit: ObjectID

    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        commit = try #require(ObjectID(hex: try sandbox.commit("first", ["a.txt": "1\n"])))
        repository = try Repository(at: repo)
    }

    @Test("appends a line git notes shows, and a second append adds a second line")
    func appends() throws {
        try repository.appendNoteLine(#"{"env":"dev","result":"ok"}"#, on: commit)
        #expect(try sandbox.git("notes", "--ref=ops", "show", commit.hex) == #"{"env":"dev","result":"ok"}"#)

        try repository.appendNoteLine(#"{"env":"prod","result":"ok"}"#, on: commit)
        #expect(try sandbox.git("notes", "--ref=ops", "show", commit.hex)
            == "{\"env\":\"dev\",\"result\":\"ok\"}\n{\"env\":\"prod\",\"result\":\"ok\"}")
        #expect(try repository.note(on: commit) == "{\"env\":\"dev\",\"result\":\"ok\"}\n{\"env\":\"prod\",\"result\":\"ok\"}\n")
        // Each append is one commit on the notes ref, the second on top of the first.
        #expect(try sandbox.git("rev-list", "--count", "refs/notes/ops") == "2")
        #expect(try sandbox.git("fsck", "--strict", "--no-progress").isEmpty)
    }

    @Test("reads a note the git CLI wrote, and keeps it when appending")
    func readsCLINote() throws {
        try sandbox.git("notes", "--ref=ops", "add", "-m", "written by git", commit.hex)
        #expect(try repository.note(on: commit) == "written by git\n")

        try repository.appendNoteLine("appended", on: commit)
        #expect(try sandbox.git("notes", "--ref=ops", "show", commit.hex) == "written by git\nappended")
    }

    @Test("reads no note where there is none, and notes under other refs")
    func absentAndOtherRefs() throws {
        #expect(try repository.note(on: commit) == nil)
        try sandbox.git("notes", "add", "-m", "default ref", commit.hex)
        #expect(try repository.note(on: commit) == nil)
        #expect(try repository.note(on: commit, notesReference: "refs/notes/commits") == "default ref\n")

        try repository.appendNoteLine("custom", on: commit, notesReference: "refs/notes/audit")
        #expect(try sandbox.git("notes", "--ref=audit", "show", commit.hex) == "custom")
    }

    @Test("keeps notes on other commits when appending")
    func otherCommits() throws {
        let second = try #require(ObjectID(hex: try sandbox.commit("second", ["a.txt": "2\n"])))
        try sandbox.git("notes", "--ref=ops", "add", "-m", "on first", commit.hex)
        try repository.appendNoteLine("on second", on: second)
        #expect(try sandbox.git("notes", "--ref=ops", "show", commit.hex) == "on first")
        #expect(try sandbox.git("notes", "--ref=ops", "show", second.hex) == "on second")
    }

    @Test("refuses a line that is empty or spans lines")
    func refusesBadLines() throws {
        for line in ["", "two\nlines"] {
            let error = #expect(throws: GitError.self) { try repository.appendNoteLine(line, on: commit) }
            #expect(error?.code == .invalid)
        }
        #expect(try repository.referenceTarget("refs/notes/ops") == nil)
    }

    @Test("loses no line when several writers append at once")
    func concurrentAppends() async throws {
        let path = sandbox.path("repo")
        let target = commit
        let writers = 6
        let linesEach = 5
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    // Each writer has its own repository object, as each process or task would.
                    let repository = try Repository(at: path)
                    for line in 0..<linesEach {
                        try repository.appendNoteLine("writer \(writer) line \(line)", on: target)
                    }
                }
            }
            try await group.waitForAll()
        }
        let lines = try sandbox.git("notes", "--ref=ops", "show", commit.hex).split(separator: "\n").map(String.init)
        let expected = (0..<writers).flatMap { writer in (0..<linesEach).map { "writer \(writer) line \($0)" } }
        #expect(lines.sorted() == expected.sorted())
        #expect(try sandbox.git("rev-list", "--count", "refs/notes/ops") == String(writers * linesEach))
    }
}
