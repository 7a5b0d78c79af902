import TestSupport
import Git
import Testing

@Suite("Resolving revisions")
struct RevisionTests {
    let sandbox: Sandbox
    let repository: Repository

    /// A repository with three commits, a lightweight and an annotated tag.
    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.commit("first", ["a.txt": "1\n"])
        try sandbox.commit("second", ["a.txt": "2\n"])
        try sandbox.git("tag", "light")
        try sandbox.commit("third\n\nBody line.\n\nSource-Commit: 1234567\nEnvironment: prod", ["b.txt": "b\n"])
        try sandbox.git("tag", "-a", "v1", "-m", "release v1")
        repository = try Repository(at: repo)
    }

    @Test("resolves revisions to the commits git names", arguments: [
        "HEAD", "HEAD~1", "HEAD^^", "main", "refs/heads/main", "light", "v1", "v1^{commit}", "HEAD@{0}",
    ])
    func resolves(revision: String) throws {
        let expected = try sandbox.git("rev-parse", "--verify", "\(revision)^{commit}")
        #expect(try repository.resolve(revision).hex == expected)
    }

    @Test("resolves a short id")
    func shortID() throws {
        let full = try sandbox.git("rev-parse", "HEAD~1")
        #expect(try repository.resolve(String(full.prefix(8))).hex == full)
        #expect(try repository.resolve(full.uppercased()).hex == full)
    }

    @Test("reports an unknown revision in git's words")
    func unknown() throws {
        let error = #expect(throws: GitError.self) { try repository.resolve("nope") }
        #expect(error?.code == .notFound)
        #expect(error?.message == "unknown revision 'nope'")
        #expect(error?.description == "unknown revision 'nope'")
    }

    @Test("refuses a revision that names no commit")
    func notACommit() throws {
        let error = #expect(throws: GitError.self) { try repository.resolve("HEAD:a.txt") }
        #expect(error?.code == .invalid)
        #expect(error?.message == "'HEAD:a.txt' is a blob, not a commit")
    }

    @Test("reports HEAD of an empty repository as a branch with no commits")
    func unborn() throws {
        let sandbox = try Sandbox()
        let repository = try Repository(at: try sandbox.makeRepository())
        let error = #expect(throws: GitError.self) { try repository.resolve("HEAD") }
        #expect(error?.code == .notFound)
        #expect(error?.message == "the current branch has no commits yet, so 'HEAD' names nothing; commit first, or name a revision that exists")
    }

    @Test("reads a commit as git log shows it")
    func readsCommit() throws {
        let commit = try repository.commit(try repository.resolve("HEAD"))
        let fields = try sandbox.git("log", "-1", "--format=%H%n%T%n%P%n%an%n%ae%n%at%n%cn%n%ce%n%ct%n%s")
            .split(separator: "\n").map(String.init)
        #expect(commit.id.hex == fields[0])
        #expect(commit.tree.hex == fields[1])
        #expect(commit.parents.map(\.hex) == [fields[2]])
        #expect(commit.author.name == fields[3])
        #expect(commit.author.email == fields[4])
        #expect(String(commit.author.time) == fields[5])
        #expect(commit.committer.name == fields[6])
        #expect(commit.committer.email == fields[7])
        #expect(String(commit.time) == fields[8])
        #expect(commit.summary == "third")
        // %B ends with the message's newline plus the one git adds; the sandbox strips only one.
        #expect(commit.message == (try sandbox.git("log", "-1", "--format=%B")))
        #expect(commit.trailers.map { "\($0.key): \($0.value)" } == ["Source-Commit: 1234567", "Environment: prod"])
    }

    @Test("tells whether an object is in the repository")
    func contains() throws {
        let blob = try #require(ObjectID(hex: try sandbox.git("rev-parse", "HEAD:a.txt")))
        #expect(try repository.contains(blob))
        #expect(try !repository.contains(#require(ObjectID(hex: String(repeating: "1", count: 40)))))
    }

    @Test("parses only well-formed object ids")
    func objectIDs() {
        #expect(ObjectID(hex: "4B825DC642CB6EB9A060E54BF8D69288FBEE4904") == ObjectID.emptyTree)
        #expect(ObjectID(hex: "4b825dc") == nil)
        #expect(ObjectID(hex: String(repeating: "g", count: 40)) == nil)
        #expect(ObjectID.emptyTree.short == "4b825dc")
    }
}
