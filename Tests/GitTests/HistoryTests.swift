import TestSupport
import Git
import Testing

@Suite("Walking history")
struct HistoryTests {
    let sandbox: Sandbox
    let repository: Repository

    /// main: first, second, a merge of a two-commit topic branch, fourth.
    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.commit("first", ["a.txt": "1\n"])
        try sandbox.commit("second", ["a.txt": "2\n"])
        try sandbox.git("switch", "-q", "-c", "topic")
        try sandbox.commit("topic one", ["t.txt": "1\n"])
        try sandbox.commit("topic two", ["t.txt": "2\n"])
        try sandbox.git("switch", "-q", "main")
        try sandbox.commit("third", ["b.txt": "b\n"])
        try sandbox.git("merge", "-q", "--no-ff", "-m", "merge topic", "topic")
        try sandbox.commit("fourth", ["a.txt": "4\n"])
        repository = try Repository(at: repo)
    }

    /// `git log` with `arguments`, as ids.
    func gitLog(_ arguments: String...) throws -> [String] {
        try sandbox.run(["log", "--format=%H"] + arguments).split(separator: "\n").map(String.init)
    }

    @Test("walks the commits git log lists, in its order")
    func walk() throws {
        let commits = try repository.history(from: repository.resolve("main"))
        #expect(commits.map(\.id.hex) == (try gitLog("main")))
        #expect(commits.count == 7)
    }

    @Test("follows first parents only")
    func firstParent() throws {
        let commits = try repository.history(from: repository.resolve("main"), firstParentOnly: true)
        #expect(commits.map(\.id.hex) == (try gitLog("--first-parent", "main")))
        #expect(commits.map(\.summary) == ["fourth", "merge topic", "third", "second", "first"])
    }

    @Test("stops after a limit and leaves out excluded history")
    func limitAndExclusion() throws {
        let main = try repository.resolve("main")
        #expect(try repository.history(from: main, limit: 3).map(\.id.hex) == (try gitLog("-n", "3", "main")))
        #expect(try repository.history(from: main, limit: 0).isEmpty)
        let excluded = try repository.history(from: main, excluding: [repository.resolve("topic")])
        #expect(excluded.map(\.id.hex) == (try gitLog("main", "^topic")))
    }

    @Test("gives each commit its parents, summary, author and time as git log does")
    func fields() throws {
        let commits = try repository.history(from: repository.resolve("main"))
        let lines = try sandbox.git("log", "--format=%P|%s|%an <%ae>|%ct", "main").split(separator: "\n")
        #expect(commits.count == lines.count)
        for (commit, line) in zip(commits, lines) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            #expect(commit.parents.map(\.hex).joined(separator: " ") == fields[0])
            #expect(commit.summary == fields[1])
            #expect("\(commit.author.name) <\(commit.author.email)>" == fields[2])
            #expect(String(commit.time) == fields[3])
        }
    }
}
