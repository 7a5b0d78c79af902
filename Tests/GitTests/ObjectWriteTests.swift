@testable import Git
import TestSupport
import Testing

@Suite("Writing blobs, trees and commits")
struct ObjectWriteTests {
    let sandbox: Sandbox
    let repository: Repository
    let parent: ObjectID

    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        parent = try #require(ObjectID(hex: try sandbox.commit("source", ["app.yaml": "kind: Deployment\n"])))
        repository = try Repository(at: repo)
    }

    @Test("writes a blob with the id git hash-object gives it")
    func blob() throws {
        let id = try repository.writeBlob(Array("kind: Service\n".utf8))
        #expect(id.hex == (try sandbox.git("hash-object", "--stdin", input: "kind: Service\n")))
        #expect(try sandbox.git("cat-file", "-p", id.hex) == "kind: Service")
    }

    @Test("records a commit of nested files that git fsck --strict accepts and git show lists")
    func deploymentCommit() throws {
        let files: [String: [UInt8]] = [
            "prod/apps/Deployment/web.yaml": Array("kind: Deployment\nmetadata:\n  name: web\n".utf8),
            "prod/core/Service/web.yaml": Array("kind: Service\n".utf8),
            "_cluster/core/Namespace/prod.yaml": Array("kind: Namespace\n".utf8),
            "empty.yaml": [],
        ]
        let tree = try repository.writeTree(files)
        let message = """
            Deploy prod from \(parent.short)

            Source-Commit: \(parent.hex)
            Environment: prod
            Result: succeeded
            """
        let commit = try repository.createCommit(tree: tree, parents: [parent], message: message)
        try repository.updateReference("refs/ops/deploy/prod", to: commit, expecting: .absent, message: "sync prod")

        #expect(try sandbox.git("fsck", "--strict", "--no-progress", "--no-dangling").isEmpty)
        #expect(try sandbox.git("ls-tree", "-r", "--name-only", "refs/ops/deploy/prod")
            == "_cluster/core/Namespace/prod.yaml\nempty.yaml\nprod/apps/Deployment/web.yaml\nprod/core/Service/web.yaml")
        #expect(try sandbox.git("show", "refs/ops/deploy/prod:prod/apps/Deployment/web.yaml")
            == "kind: Deployment\nmetadata:\n  name: web")
        #expect(try sandbox.git("rev-parse", "refs/ops/deploy/prod^") == parent.hex)
        #expect(try sandbox.git("log", "-1", "--format=%(trailers:key=Source-Commit,valueonly,separator=)",
                                "refs/ops/deploy/prod") == parent.hex)
        #expect(try sandbox.git("show", "--stat", "--format=%s", "refs/ops/deploy/prod").hasPrefix(
            "Deploy prod from \(parent.short)\n\n _cluster/core/Namespace/prod.yaml "))
        let read = try repository.commit(commit)
        #expect(read.tree == tree)
        #expect(read.message == message + "\n")
        #expect(read.trailers.map(\.key) == ["Source-Commit", "Environment", "Result"])
    }

    @Test("signs with the identity of the environment given when opening")
    func identityFromEnvironment() throws {
        let repository = try Repository(discoveringFrom: sandbox.path("repo"), environment: [
            "GIT_AUTHOR_NAME": "Hook Author", "GIT_AUTHOR_EMAIL": "author@example.com",
            "GIT_COMMITTER_NAME": "Hook Committer", "GIT_COMMITTER_EMAIL": "committer@example.com",
        ])
        let commit = try repository.createCommit(tree: try repository.writeTree([:]), parents: [], message: "root")
        #expect(try sandbox.git("log", "-1", "--format=%an <%ae>|%cn <%ce>|%s", commit.hex)
            == "Hook Author <author@example.com>|Hook Committer <committer@example.com>|root")
        #expect(repository.signature(.author, at: 1_600_000_000)
            == Signature(name: "Hook Author", email: "author@example.com", time: 1_600_000_000, offsetMinutes: 0))
        #expect(repository.signature(at: 1_600_000_060).name == "Hook Committer")
    }

    @Test("uses the signatures it is given")
    func explicitSignatures() throws {
        let author = Signature(name: "A U Thor", email: "a@example.com", time: 1_600_000_000, offsetMinutes: 120)
        let committer = Signature(name: "C O Mitter", email: "c@example.com", time: 1_600_000_060, offsetMinutes: -300)
        let commit = try repository.createCommit(
            tree: try repository.writeTree(["a": [0x61]]), parents: [parent], message: "explicit\n",
            author: author, committer: committer)
        #expect(try sandbox.git("log", "-1", "--format=%an %ae %at %ai|%cn %ce %ct %ci", commit.hex)
            == "A U Thor a@example.com 1600000000 2020-09-13 14:26:40 +0200|C O Mitter c@example.com 1600000060 2020-09-13 07:27:40 -0500")
        #expect(try repository.commit(commit).author == author)
    }

    @Test("falls back to git-ops <git-ops@localhost> field by field when no identity is set")
    func fallbackIdentity() {
        let none = Signature.identity(.author, environment: [:], userName: nil, userEmail: nil)
        #expect(none.name == "git-ops" && none.email == "git-ops@localhost")
        let empty = Signature.identity(.committer, environment: ["GIT_COMMITTER_NAME": ""], userName: "", userEmail: "me@x")
        #expect(empty.name == "git-ops" && empty.email == "me@x")
        let config = Signature.identity(.committer, environment: ["GIT_AUTHOR_NAME": "Other"], userName: "Me", userEmail: nil)
        #expect(config.name == "Me" && config.email == "git-ops@localhost")
        let environment = Signature.identity(.author, environment: ["GIT_AUTHOR_NAME": "Env"], userName: "Me", userEmail: "me@x")
        #expect(environment.name == "Env" && environment.email == "me@x")
    }

    @Test("writes the empty tree for no files")
    func emptyTree() throws {
        #expect(try repository.writeTree([:]) == ObjectID.emptyTree)
    }

    @Test("refuses paths git would not store", arguments: [
        "", "/abs", "a//b", "a/", "./a", "a/../b", ".git/config", "x/.GIT/y",
    ])
    func invalidPaths(path: String) throws {
        let error = #expect(throws: GitError.self) { try repository.writeTree([path: [0x31]]) }
        #expect(error?.code == .invalid)
        #expect(error?.message == "cannot write tree: invalid path '\(path)'")
    }

    @Test("refuses a path that is both a file and a directory")
    func fileAndDirectory() throws {
        let error = #expect(throws: GitError.self) {
            try repository.writeTree(["a/b": [0x31], "a/b/c": [0x32]])
        }
        #expect(error?.message == "cannot write tree: 'a/b' is both a file and a directory")
    }

    @Test("refuses a parent that is not a commit")
    func badParent() throws {
        let blob = try repository.writeBlob([0x31])
        let error = #expect(throws: GitError.self) {
            try repository.createCommit(tree: ObjectID.emptyTree, parents: [blob], message: "x")
        }
        #expect(error?.code == .invalid)
    }
}
