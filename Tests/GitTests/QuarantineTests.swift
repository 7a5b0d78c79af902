import TestSupport
import Git
import Testing

/// git runs pre-receive with the pushed objects in a quarantine directory and
/// this environment; these tests build the same layout with the git CLI.
@Suite("Reading, never writing, in the pre-receive quarantine")
struct QuarantineTests {
    let sandbox: Sandbox
    let gitDirectory: String
    let quarantine: String
    let base: ObjectID
    let pushed: ObjectID

    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        gitDirectory = repo + "/.git"
        base = try #require(ObjectID(hex: try sandbox.commit("base", ["clusters/prod/app.yaml": "replicas: 1\n"])))

        // Objects of a push land in objects/tmp_objdir-incoming-*, read with the main objects as alternates.
        quarantine = gitDirectory + "/objects/tmp_objdir-incoming-test"
        try sandbox.makeDirectory("repo/.git/objects/tmp_objdir-incoming-test/pack")
        let writing = ["GIT_OBJECT_DIRECTORY": quarantine, "GIT_ALTERNATE_OBJECT_DIRECTORIES": gitDirectory + "/objects"]
        let blob = try sandbox.git("hash-object", "-w", "--stdin", environment: writing, input: "replicas: 3\n")
        let prod = try sandbox.git("mktree", environment: writing, input: "100644 blob \(blob)\tapp.yaml\n")
        let clusters = try sandbox.git("mktree", environment: writing, input: "040000 tree \(prod)\tprod\n")
        let root = try sandbox.git("mktree", environment: writing, input: "040000 tree \(clusters)\tclusters\n")
        pushed = try #require(ObjectID(hex: try sandbox.git(
            "commit-tree", root, "-p", base.hex, "-m", "pushed", environment: writing)))
    }

    /// The environment git gives pre-receive in a repository whose git directory is the hook's cwd.
    var hookEnvironment: [String: String] {
        [
            "GIT_DIR": ".",
            "GIT_QUARANTINE_PATH": quarantine,
            "GIT_OBJECT_DIRECTORY": quarantine,
            "GIT_ALTERNATE_OBJECT_DIRECTORIES": gitDirectory + "/objects",
        ]
    }

    @Test("sees the pushed objects only when opened from the hook's environment")
    func readsPushedObjects() throws {
        let plain = try Repository(at: gitDirectory)
        #expect(try !plain.contains(pushed))

        let hook = try Repository(discoveringFrom: gitDirectory, environment: hookEnvironment)
        #expect(hook.isQuarantined)
        #expect(hook.gitDirectory == gitDirectory)
        #expect(try hook.contains(pushed))
        #expect(try hook.resolve(pushed.hex) == pushed)
        #expect(try hook.tree(at: pushed).readFile("clusters/prod/app.yaml") == Array("replicas: 3\n".utf8))
        #expect(try hook.tree(at: base).readFile("clusters/prod/app.yaml") == Array("replicas: 1\n".utf8))
        #expect(try hook.changedPaths(from: base, to: pushed) == [PathChange(.modified, "clusters/prod/app.yaml")])
        #expect(try hook.history(from: pushed).map(\.id) == [pushed, base])
        // A copy for another thread opens the same way: it reads the pushed objects and writes nothing.
        let copy = try #require(try hook.tree(at: pushed).concurrentCopy())
        #expect(try copy.readFile("clusters/prod/app.yaml") == Array("replicas: 3\n".utf8))
        #expect(try hook.reopened().isQuarantined)
    }

    @Test("refuses every write with a clear error, and leaves the repository as it was")
    func refusesWrites() throws {
        let hook = try Repository(discoveringFrom: gitDirectory, environment: hookEnvironment)
        let reason = "writes are forbidden inside git's quarantine environment (pre-receive); write from post-receive instead"
        let writes: [(String, () throws -> Void)] = [
            ("cannot create 'refs/ops/deploy/prod'", {
                try hook.updateReference("refs/ops/deploy/prod", to: self.pushed, expecting: .absent, message: "x")
            }),
            ("cannot delete 'refs/heads/main'", { try hook.deleteReference("refs/heads/main") }),
            ("cannot append to the note of '\(pushed.short)' on 'refs/notes/ops'", {
                try hook.appendNoteLine("{}", on: self.pushed)
            }),
            ("cannot write blob", { _ = try hook.writeBlob([1]) }),
            ("cannot write tree", { _ = try hook.writeTree(["a": [1]]) }),
            ("cannot create commit", {
                _ = try hook.createCommit(tree: ObjectID.emptyTree, parents: [self.base], message: "x")
            }),
            ("cannot set 'core.logAllRefUpdates' in '\(gitDirectory)/config'", { try hook.enableReflogForAllRefs() }),
        ]
        for (action, write) in writes {
            let error = #expect(throws: GitError.self) { try write() }
            #expect(error?.code == .readOnly)
            #expect(error?.message == "\(action): \(reason)")
        }
        #expect(try sandbox.git("for-each-ref", "--format=%(refname)") == "refs/heads/main")
        #expect(try sandbox.git("config", "--get-all", "core.logAllRefUpdates") == "true")
        #expect(try sandbox.git("fsck", "--no-progress", "--no-dangling").isEmpty)
    }

    @Test("writes normally once the quarantine is over")
    func writesAfterwards() throws {
        let postReceive = try Repository(discoveringFrom: gitDirectory, environment: ["GIT_DIR": "."])
        #expect(!postReceive.isQuarantined)
        try postReceive.appendNoteLine("{}", on: base)
        #expect(try sandbox.git("notes", "--ref=ops", "show", base.hex) == "{}")
    }

    @Test("reads but refuses writes with another object directory and no quarantine")
    func foreignObjectDirectory() throws {
        let environment = [
            "GIT_DIR": gitDirectory, "GIT_OBJECT_DIRECTORY": quarantine,
            "GIT_ALTERNATE_OBJECT_DIRECTORIES": gitDirectory + "/objects",
        ]
        let repository = try Repository(discoveringFrom: sandbox.root, environment: environment)
        #expect(!repository.isQuarantined)
        #expect(try repository.contains(pushed))
        let error = #expect(throws: GitError.self) { try repository.writeBlob([1]) }
        #expect(error?.code == .readOnly)

        let own = try Repository(discoveringFrom: sandbox.root, environment: [
            "GIT_DIR": gitDirectory, "GIT_OBJECT_DIRECTORY": gitDirectory + "/objects",
        ])
        #expect(try own.writeBlob([0x31]).hex == (try sandbox.git("hash-object", "--stdin", input: "1")))
    }
}
