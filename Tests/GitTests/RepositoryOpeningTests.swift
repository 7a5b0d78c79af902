import TestSupport
import Git
import Testing

@Suite("Opening a repository")
struct RepositoryOpeningTests {
    @Test("discovers the repository from a subdirectory and knows the prefix")
    func opensFromSubdirectory() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.commit("first", ["clusters/prod/app.yaml": "a: 1\n"])
        try sandbox.makeDirectory("repo/clusters/prod")

        let repository = try Repository(discoveringFrom: "\(repo)/clusters/prod", environment: [:])

        #expect(!repository.isBare)
        #expect(repository.workTree == repo)
        #expect(repository.gitDirectory == "\(repo)/.git")
        #expect(repository.prefix == "clusters/prod")
        #expect(repository.prefix + "/" == (try sandbox.git("rev-parse", "--show-prefix", in: "repo/clusters/prod")))
        #expect(repository.treePath(forUserPath: "app.yaml") == "clusters/prod/app.yaml")
        #expect(repository.treePath(forUserPath: "../dev/./x.yaml") == "clusters/dev/x.yaml")
        #expect(repository.treePath(forUserPath: "\(repo)/clusters/x") == "clusters/x")
        #expect(repository.treePath(forUserPath: "../../../outside") == nil)
        #expect(!repository.isQuarantined)
    }

    @Test("has an empty prefix at the root of the work tree")
    func rootPrefix() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        let repository = try Repository(discoveringFrom: repo, environment: [:])
        #expect(repository.prefix == "")
        #expect(repository.treePath(forUserPath: "a/b") == "a/b")
    }

    @Test("honours GIT_DIR and GIT_WORK_TREE from the given environment")
    func gitDirAndWorkTree() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.commit("first", ["a/b/c.yaml": "c\n"])
        try sandbox.makeDirectory("elsewhere")

        let environment = ["GIT_DIR": "\(repo)/.git", "GIT_WORK_TREE": repo]
        let outside = try Repository(discoveringFrom: sandbox.path("elsewhere"), environment: environment)
        #expect(outside.workTree == repo)
        #expect(outside.gitDirectory == "\(repo)/.git")
        #expect(outside.prefix == "")

        // Relative values are taken from the directory opened from, as git takes them from its cwd.
        let relative = ["GIT_DIR": "../../.git", "GIT_WORK_TREE": "../.."]
        let inside = try Repository(discoveringFrom: "\(repo)/a/b", environment: relative)
        #expect(inside.workTree == repo)
        #expect(inside.prefix == "a/b")
        #expect(try inside.resolve("HEAD").hex == (try sandbox.git("rev-parse", "HEAD")))
    }

    @Test("with GIT_DIR alone takes the current directory as the work tree, as git does")
    func gitDirAlone() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.makeDirectory("repo/sub")
        let environment = ["GIT_DIR": "../.git"]
        let repository = try Repository(discoveringFrom: "\(repo)/sub", environment: environment)
        let gitTopLevel = try sandbox.git("rev-parse", "--show-toplevel", in: "repo/sub", environment: environment)
        #expect(repository.workTree == gitTopLevel)
        #expect(repository.prefix == "")
    }

    @Test("opens a bare repository, from inside it too")
    func bare() throws {
        let sandbox = try Sandbox()
        let bare = try sandbox.makeRepository("server.git", bare: true)

        let repository = try Repository(discoveringFrom: "\(bare)/refs", environment: [:])
        #expect(repository.isBare)
        #expect(repository.workTree == nil)
        #expect(repository.gitDirectory == bare)
        #expect(repository.prefix == "")

        let hookLike = try Repository(discoveringFrom: bare, environment: ["GIT_DIR": "."])
        #expect(hookLike.isBare)
        #expect(hookLike.gitDirectory == bare)

        let exact = try Repository(at: bare)
        #expect(exact.isBare)
    }

    @Test("opens exactly the work tree or git directory it is given")
    func exactPath() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.makeDirectory("repo/sub")
        for path in [repo, "\(repo)/.git"] {
            let repository = try Repository(at: path)
            #expect(repository.workTree == repo)
            #expect(repository.gitDirectory == "\(repo)/.git")
            #expect(repository.currentDirectory == repo)
            #expect(repository.prefix == "")
        }
        let error = #expect(throws: GitError.self) { try Repository(at: "\(repo)/sub") }
        #expect(error?.message == "not a git repository: '\(repo)/sub'")
    }

    @Test("fails outside any repository with git's words")
    func notARepository() throws {
        let sandbox = try Sandbox()
        try sandbox.makeDirectory("plain/dir")
        let start = sandbox.path("plain/dir")
        let error = #expect(throws: GitError.self) {
            try Repository(discoveringFrom: start, environment: ["GIT_CEILING_DIRECTORIES": sandbox.root])
        }
        #expect(error?.code == .notARepository)
        #expect(error?.message == "not a git repository (or any of the parent directories): '\(start)'")

        let exact = #expect(throws: GitError.self) { try Repository(at: start) }
        #expect(exact?.code == .notARepository)
    }

    @Test("reads git config values")
    func config() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.git("config", "ops.remote", "origin")
        let repository = try Repository(at: repo)
        #expect(try repository.configValue("ops.remote") == "origin")
        #expect(try repository.configValue("ops.absent") == nil)
    }
}
