import TestSupport
import Git
import Testing

@Suite("Writing and reading references")
struct ReferenceTests {
    let sandbox: Sandbox
    let repository: Repository
    let first: ObjectID
    let second: ObjectID

    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        first = try #require(ObjectID(hex: try sandbox.commit("first", ["a.txt": "1\n"])))
        second = try #require(ObjectID(hex: try sandbox.commit("second", ["a.txt": "2\n"])))
        try sandbox.git("config", "user.name", "Rae Repo")
        try sandbox.git("config", "user.email", "rae@example.com")
        repository = try Repository(at: repo)
    }

    @Test("creates a ref that git for-each-ref sees, with a reflog git reflog shows")
    func createsWithReflog() throws {
        try repository.updateReference("refs/ops/deploy/prod", to: first, expecting: .absent, message: "deploy prod 1")
        try repository.updateReference(
            "refs/ops/deploy/prod", to: second, expecting: .value(first), message: "deploy prod 2")

        #expect(try sandbox.git("for-each-ref", "--format=%(refname) %(objectname)", "refs/ops")
            == "refs/ops/deploy/prod \(second.hex)")
        #expect(try sandbox.git("reflog", "show", "--format=%H %gs", "refs/ops/deploy/prod")
            == "\(second.hex) deploy prod 2\n\(first.hex) deploy prod 1")
        // libgit2 signs reflog entries with the repository's identity, from its config.
        #expect(try sandbox.git("reflog", "show", "--format=%gn <%ge>", "-1", "refs/ops/deploy/prod")
            == "Rae Repo <rae@example.com>")
    }

    @Test("refuses to update a ref that moved since it was read")
    func compareAndSwapMoved() throws {
        try repository.updateReference("refs/ops/lock/prod", to: first, expecting: .absent, message: "take")
        try sandbox.git("update-ref", "refs/ops/lock/prod", second.hex)

        let error = #expect(throws: GitError.self) {
            try repository.updateReference("refs/ops/lock/prod", to: first, expecting: .value(first), message: "renew")
        }
        #expect(error?.code == .referenceMoved)
        #expect(error?.message
            == "cannot update 'refs/ops/lock/prod': reference moved (expected \(first.short), found \(second.short))")
        #expect(try sandbox.git("rev-parse", "refs/ops/lock/prod") == second.hex)
    }

    @Test("refuses to create a ref that exists, and to swap one that does not")
    func compareAndSwapPresence() throws {
        try sandbox.git("update-ref", "refs/ops/lock/dev", first.hex)
        let exists = #expect(throws: GitError.self) {
            try repository.updateReference("refs/ops/lock/dev", to: second, expecting: .absent, message: "take")
        }
        #expect(exists?.code == .referenceMoved)
        #expect(exists?.message == "cannot create 'refs/ops/lock/dev': reference already exists (found \(first.short))")

        let missing = #expect(throws: GitError.self) {
            try repository.updateReference("refs/ops/lock/qa", to: second, expecting: .value(first), message: "renew")
        }
        #expect(missing?.code == .referenceMoved)
        #expect(missing?.message == "cannot update 'refs/ops/lock/qa': reference moved (expected \(first.short), found none)")
        #expect(try repository.referenceTarget("refs/ops/lock/qa") == nil)

        try repository.updateReference("refs/ops/lock/dev", to: second, expecting: .any, message: "force")
        #expect(try repository.referenceTarget("refs/ops/lock/dev") == second)
    }

    @Test("lets exactly one of several concurrent creators of a ref win")
    func concurrentCreation() async throws {
        let path = sandbox.path("repo")
        let target = first
        for round in 0..<50 {
            let name = "refs/ops/lock/race-\(round)"
            let outcomes = try await withThrowingTaskGroup(of: GitError.Code?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let repository = try Repository(at: path)
                        do {
                            try repository.updateReference(name, to: target, expecting: .absent, message: "take")
                            return nil
                        } catch let error as GitError {
                            return error.code
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1, "round \(round): \(outcomes)")
            #expect(outcomes.allSatisfy { $0 == nil || $0 == .referenceMoved || $0 == .locked })
        }
    }

    @Test("reads refs the git CLI wrote, loose and packed, under a prefix")
    func readsRefs() throws {
        try sandbox.git("update-ref", "refs/ops/deploy/dev", first.hex)
        try sandbox.git("update-ref", "refs/ops/deploy/prod", second.hex)
        try sandbox.git("update-ref", "refs/ops/deployments/other", second.hex)
        try sandbox.git("pack-refs", "--all")
        try sandbox.git("update-ref", "refs/ops/deploy/prod", first.hex)  // now loose, shadowing the packed one

        #expect(try repository.references(under: "refs/ops/deploy") == [
            Reference(name: "refs/ops/deploy/dev", target: first),
            Reference(name: "refs/ops/deploy/prod", target: first),
        ])
        #expect(try repository.references(under: "refs/ops/deploy/").map(\.name)
            == ["refs/ops/deploy/dev", "refs/ops/deploy/prod"])
        #expect(try repository.references(under: "refs/nothing") == [])
        #expect(try repository.referenceTarget("refs/ops/deployments/other") == second)
        #expect(try repository.referenceTarget("HEAD") == second)
        #expect(try repository.referenceTarget("refs/ops/none") == nil)
    }

    @Test("deletes a ref, with compare-and-swap")
    func deletes() throws {
        try repository.updateReference("refs/ops/lock/prod", to: first, expecting: .absent, message: "take")
        let moved = #expect(throws: GitError.self) {
            try repository.deleteReference("refs/ops/lock/prod", expecting: second)
        }
        #expect(moved?.code == .referenceMoved)
        #expect(try repository.referenceTarget("refs/ops/lock/prod") == first)

        try repository.deleteReference("refs/ops/lock/prod", expecting: first)
        #expect(try sandbox.git("for-each-ref", "refs/ops") == "")

        let missing = #expect(throws: GitError.self) { try repository.deleteReference("refs/ops/lock/prod") }
        #expect(missing?.code == .notFound)
        #expect(missing?.message == "cannot delete 'refs/ops/lock/prod': no such reference")
    }

    @Test("refuses malformed reference names")
    func invalidNames() throws {
        let error = #expect(throws: GitError.self) {
            try repository.updateReference("refs/ops/bad..name", to: first, expecting: .any, message: "x")
        }
        #expect(error?.code == .invalid)
        #expect(error?.message == "cannot update 'refs/ops/bad..name': invalid reference name")
    }

    @Test("logs refs/ops updates in a bare repository once reflogs are enabled for all refs")
    func bareRepositoryReflog() throws {
        let bare = try sandbox.makeRepository("server.git", bare: true)
        try sandbox.git("push", "-q", bare, "main")
        let server = try Repository(at: bare)

        try server.enableReflogForAllRefs()
        try server.updateReference("refs/ops/deploy/prod", to: first, expecting: .absent, message: "deploy 1")
        try server.updateReference("refs/ops/deploy/prod", to: second, expecting: .value(first), message: "deploy 2")

        #expect(try sandbox.git("reflog", "show", "--format=%gs", "refs/ops/deploy/prod", in: "server.git")
            == "deploy 2\ndeploy 1")
        #expect(try sandbox.git("config", "core.logAllRefUpdates", in: "server.git") == "always")
    }
}
