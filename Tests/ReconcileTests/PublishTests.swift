import Foundation
import Git
import Manifests
import Reconcile
import State
import TestSupport
import Testing

/// `RecordPublisher`: records pushed to a bare remote through the git command
/// line, by clones that race each other.
@Suite("publishing records")
struct PublishTests {
    /// A bare remote `remote.git` with one commit on `main`, and clones of it: `repo` and `other`.
    final class Clones {
        let sandbox: Sandbox
        private var time: Int64 = 1_800_000_000

        init() throws {
            sandbox = try Sandbox()
            try sandbox.makeRepository("remote.git", bare: true)
            try sandbox.makeRepository()
            try sandbox.commit("first", ["clusters/dev/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"])
            try sandbox.git("remote", "add", "origin", "../remote.git")
            try sandbox.git("push", "-q", "origin", "main")
            try sandbox.git("clone", "-q", "remote.git", "other", in: "")
        }

        func repository(_ clone: String = "repo") throws -> Repository {
            try Repository(at: sandbox.path(clone))
        }

        /// A publisher of `clone` whose git sees none of the caller's git settings.
        func publisher(_ clone: String = "repo") throws -> RecordPublisher {
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
            environment["GIT_CONFIG_NOSYSTEM"] = "1"
            var publisher = RecordPublisher(repository: try repository(clone), environment: environment)
            publisher.pause = { _ in }
            return publisher
        }

        /// Records a sync of `environment` at `clone`'s HEAD, with its note, as a sync does.
        @discardableResult
        func record(_ environment: String, in clone: String = "repo") throws -> Deployment {
            let repository = try repository(clone)
            let history = DeploymentHistory(repository: repository, environment: try EnvironmentRefs(environment))
            time += 60
            let entry = DeploymentRecord(environment: environment, cluster: "kind-\(environment)",
                                         sourceCommit: try repository.resolve("HEAD"), result: .succeeded,
                                         counts: .init(applied: 1, pruned: 0, unchanged: 0), syncedBy: "ada@\(clone)",
                                         rollbackOf: nil, time: time)
            let object = try #require(try YAMLParser(source: "cm").parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: \(environment)\n").first)
            let deployment = try history.append(entry, objects: [object], expecting: try history.latest()?.commit)
            try DeploymentNotes(repository: repository).append(DeploymentEvent(deployment))
            return deployment
        }

        /// What the remote's reference `name` points at, or `nil`.
        func remote(_ name: String) throws -> String? {
            let line = try sandbox.git("ls-remote", "remote.git", name, in: "")
            return line.isEmpty ? nil : String(line.prefix(40))
        }

        /// The note of `commit` on the remote's `refs/notes/ops`, a line each.
        func remoteNote(on commit: ObjectID) throws -> [String] {
            try sandbox.git("notes", "--ref=ops", "show", commit.hex, in: "remote.git").split(separator: "\n").map(String.init)
        }
    }

    @Test("a push puts the deployment history and the notes on the remote, and never the lease")
    func push() async throws {
        let clones = try Clones()
        let deployment = try clones.record("dev")
        try clones.repository().updateReference("refs/ops/lock/dev", to: deployment.commit, expecting: .absent, message: "test")
        let results = try await clones.publisher().publish([.init(environment: "dev", branch: "main")])
        #expect(results.map(\.environment) == ["dev"])
        #expect(results.first?.pushed == true, "\(String(describing: results.first?.error))")
        #expect(results.first?.remote == "origin")
        #expect(try clones.remote("refs/ops/deploy/dev") == deployment.commit.hex)
        #expect(try clones.remote("refs/notes/ops") == clones.repository().referenceTarget("refs/notes/ops")?.hex)
        #expect(try clones.remote("refs/ops/lock/dev") == nil)
        let note = try clones.remoteNote(on: deployment.record.sourceCommit)
        #expect(note.count == 1 && note.first?.contains("\"env\":\"dev\"") == true, "\(note)")
        // What the remote holds is remembered where a fetch puts it.
        #expect(try clones.repository().referenceTarget("refs/ops/remotes/origin/deploy/dev") == deployment.commit)

        let again = try await clones.publisher().publish([.init(environment: "dev")])
        #expect(again.first?.pushed == true && again.first?.notesMerges == 0)
    }

    @Test("a publish that finds the notes' tracking reference locked by another publish in the clone tries again")
    func lockedTrackingReference() async throws {
        let clones = try Clones()
        try clones.record("dev")
        #expect(try await clones.publisher().publish([.init(environment: "dev")]).first?.pushed == true)
        let prod = try clones.record("prod", in: "other")
        // Another publish of this clone is fetching the remote's notes: git's lock on the tracking reference.
        let lock = clones.sandbox.path("other/.git/refs/notes/remotes/origin/ops.lock")
        try FileManager.default.createDirectory(atPath: (lock as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: lock, contents: Data()))
        let pauses = Counter()
        var publisher = try clones.publisher("other")
        // The first pause comes before the merge's fetch; the lock goes during the second, after that fetch failed on it.
        publisher.pause = { _ in
            pauses.increment()
            if pauses.value == 2 { try? FileManager.default.removeItem(atPath: lock) }
        }
        let result = try #require(await publisher.publish([.init(environment: "prod")]).first)
        #expect(result.pushed, "\(String(describing: result.error))")
        #expect(result.notesMerges == 1)
        #expect(pauses.value == 2)
        #expect(try clones.remote("refs/ops/deploy/prod") == prod.commit.hex)
        #expect(try clones.remoteNote(on: prod.record.sourceCommit).count == 2)
    }

    @Test("the clone that pushes second loses the race on the notes, merges them, and both lines reach the remote")
    func notesRace() async throws {
        let clones = try Clones()
        let dev = try clones.record("dev")
        let prod = try clones.record("prod", in: "other")
        #expect(dev.record.sourceCommit == prod.record.sourceCommit)
        let first = try await clones.publisher().publish([.init(environment: "dev")])
        #expect(first.first?.pushed == true)
        let second = try await clones.publisher("other").publish([.init(environment: "prod")])
        #expect(second.first?.pushed == true, "\(String(describing: second.first?.error))")
        #expect(second.first?.notesMerges == 1)
        #expect(try clones.remote("refs/ops/deploy/dev") == dev.commit.hex)
        #expect(try clones.remote("refs/ops/deploy/prod") == prod.commit.hex)
        // cat_sort_uniq: both lines, once each, in time order (dev was recorded first).
        let note = try clones.remoteNote(on: dev.record.sourceCommit)
        #expect(note.count == 2, "\(note)")
        #expect(note.first?.contains(dev.commit.hex) == true && note.last?.contains(prod.commit.hex) == true, "\(note)")
        #expect(note == note.sorted())
        // The first clone's notes are an ancestor of the remote's: a merge brings it everything.
        let other = try clones.repository("other")
        let merged = try #require(try other.referenceTarget("refs/notes/ops"))
        #expect(try clones.remote("refs/notes/ops") == merged.hex)
        #expect(try other.commit(merged).parents.count == 2)
    }

    @Test("a remote busy with another push (its references locked) is tried again, and the records arrive")
    func busyRemote() async throws {
        let clones = try Clones()
        let deployment = try clones.record("dev")
        // Another push holds the remote's notes and history while the first try runs.
        let locks = ["refs/notes/ops.lock", "refs/ops/deploy/dev.lock"].map { clones.sandbox.path("remote.git/\($0)") }
        for directory in ["refs/notes", "refs/ops/deploy"] {
            try FileManager.default.createDirectory(atPath: clones.sandbox.path("remote.git/\(directory)"), withIntermediateDirectories: true)
        }
        for lock in locks { #expect(FileManager.default.createFile(atPath: lock, contents: Data())) }
        var publisher = try clones.publisher()
        let tries = Counter()
        publisher.pause = { _ in
            tries.increment()
            for lock in locks { try? FileManager.default.removeItem(atPath: lock) }
        }
        let results = await publisher.publish([.init(environment: "dev")])
        #expect(results.first?.pushed == true, "\(String(describing: results.first?.error))")
        #expect(tries.value == 1)
        #expect(try clones.remote("refs/ops/deploy/dev") == deployment.commit.hex)
        #expect(try clones.remote("refs/notes/ops") == clones.repository().referenceTarget("refs/notes/ops")?.hex)
    }

    @Test("a remote that stays locked is given up on after the attempts, with git's words")
    func lockedRemote() async throws {
        let clones = try Clones()
        try clones.record("dev")
        try FileManager.default.createDirectory(atPath: clones.sandbox.path("remote.git/refs/ops/deploy"), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: clones.sandbox.path("remote.git/refs/ops/deploy/dev.lock"), contents: Data()))
        let results = try await clones.publisher().publish([.init(environment: "dev")])
        #expect(results.first?.pushed == false)
        #expect(results.first?.error?.message.contains("failed to update ref") == true, "\(String(describing: results.first?.error))")
        #expect(try clones.remote("refs/ops/deploy/dev") == nil)
    }

    @Test("a race on an environment's history is refused with what to do, and no record is lost on either side")
    func historyRace() async throws {
        let clones = try Clones()
        let ours = try clones.record("dev")
        let theirs = try clones.record("dev", in: "other")
        #expect(try await clones.publisher().publish([.init(environment: "dev")]).first?.pushed == true)
        let lost = try #require(try await clones.publisher("other").publish([.init(environment: "dev")]).first)
        let error = try #require(lost.error)
        #expect(error.code == .pushRejected)
        #expect(error.message.contains("the remote 'origin' has deployments of 'dev' that this clone lacks"), "\(error.message)")
        #expect(error.message.contains("git fetch origin +refs/ops/deploy/dev:refs/ops/remotes/origin/deploy/dev"))
        #expect(try clones.remote("refs/ops/deploy/dev") == ours.commit.hex)
        #expect(try clones.repository("other").referenceTarget("refs/ops/deploy/dev") == theirs.commit)
        // The notes still went: both syncs happened, and the remote's notes say so.
        #expect(try clones.remoteNote(on: ours.record.sourceCommit).count == 2)
    }

    @Test("a pin set by a rollback is pushed, and deleted there once it is lifted here")
    func pins() async throws {
        let clones = try Clones()
        let deployment = try clones.record("dev")
        let repository = try clones.repository()
        try repository.updateReference("refs/ops/pin/dev", to: deployment.commit, expecting: .absent, message: "test")
        #expect(try await clones.publisher().publish([.init(environment: "dev")]).first?.pushed == true)
        #expect(try clones.remote("refs/ops/pin/dev") == deployment.commit.hex)
        try DeploymentHistory(repository: repository, environment: try EnvironmentRefs("dev")).unpin()
        try clones.record("dev")
        let lifted = try await clones.publisher().publish([.init(environment: "dev")])
        #expect(lifted.first?.pushed == true, "\(String(describing: lifted.first?.error))")
        #expect(try clones.remote("refs/ops/pin/dev") == nil)
        #expect(try repository.referenceTarget("refs/ops/remotes/origin/pin/dev") == nil)
    }

    @Test("with no remote to push to, the error says what to add or set, and nothing local changes")
    func noRemote() async throws {
        let clones = try Clones()
        try clones.sandbox.git("remote", "rename", "origin", "upstream")
        let deployment = try clones.record("dev")
        let result = try #require(try await clones.publisher().publish([.init(environment: "dev")]).first)
        #expect(result.error?.code == .publish)
        #expect(result.error?.message == "no remote 'origin' to push the records to; set one of 'upstream' with 'git config ops.remote <remote>'")
        #expect(try clones.repository().referenceTarget("refs/ops/deploy/dev") == deployment.commit)
        try clones.sandbox.git("remote", "remove", "upstream")
        let none = try #require(try await clones.publisher().publish([.init(environment: "dev")]).first)
        #expect(none.error?.message == "this repository has no remote to push the records to; add one with 'git remote add origin <url>'")
    }

    @Test("a remote that cannot be reached and one whose hook declines are told apart, with git's words")
    func failures() async throws {
        let clones = try Clones()
        try clones.record("dev")
        try clones.sandbox.write("remote.git/hooks/pre-receive", "#!/bin/sh\necho 'no records here' >&2\nexit 1\n")
        _ = chmod(clones.sandbox.path("remote.git/hooks/pre-receive"), 0o755)
        let declined = try #require(try await clones.publisher().publish([.init(environment: "dev")]).first)
        #expect(declined.error?.code == .pushRejected)
        #expect(declined.error?.message.contains("'origin' refused 'refs/ops/deploy/dev': [remote rejected] (pre-receive hook declined)") == true,
                "\(String(describing: declined.error))")
        #expect(try clones.remote("refs/ops/deploy/dev") == nil)

        try clones.sandbox.git("remote", "set-url", "origin", "../nowhere.git")
        let unreachable = try #require(try await clones.publisher().publish([.init(environment: "dev")]).first)
        #expect(unreachable.error?.code == .publish)
        #expect(unreachable.error?.message.hasPrefix("cannot push 'refs/ops/deploy/dev' to 'origin': ") == true)
        #expect(unreachable.error?.message.contains("nowhere.git") == true, "\(String(describing: unreachable.error))")
    }

    @Test("the remote is ops.remote, else the branch's upstream remote, else origin")
    func remoteChoice() throws {
        let clones = try Clones()
        try clones.sandbox.git("remote", "add", "mirror", "../remote.git")
        let publisher = try clones.publisher()
        #expect(try publisher.remote(forBranch: "main") == "origin")
        try clones.sandbox.git("config", "branch.main.remote", "mirror")
        #expect(try publisher.remote(forBranch: "main") == "mirror")
        #expect(try publisher.remote(forBranch: "release") == "origin")
        try clones.sandbox.git("config", "ops.remote", "origin")
        #expect(try publisher.remote(forBranch: "main") == "origin")
        try clones.sandbox.git("config", "ops.remote", "nowhere")
        #expect(throws: ReconcileError.self) { try publisher.remote(forBranch: "main") }
        try clones.sandbox.git("config", "ops.push", "maybe")
        #expect(throws: ReconcileError.self) { try RecordPublisher.isEnabled(in: try clones.repository()) }
        try clones.sandbox.git("config", "ops.push", "yes")
        #expect(try RecordPublisher.isEnabled(in: try clones.repository()))
    }

    @Test("git push --porcelain lines are read by remote reference")
    func porcelain() {
        let statuses = PushStatus.parse("""
            To ../remote.git
            *\t0123:refs/ops/deploy/dev\t[new reference]
            =\t4567:refs/ops/deploy/qa\t[up to date]
            !\t89ab:refs/notes/ops\t[rejected] (fetch first)
            !\tcdef:refs/ops/deploy/prod\t[remote rejected] (hook declined)
            !\t:refs/ops/pin/dev\t[rejected] (stale info)
            -\t:refs/ops/pin/qa\t[deleted]
            Done
            """)
        #expect(statuses["refs/ops/deploy/dev"]?.outcome == .updated)
        #expect(statuses["refs/ops/deploy/qa"]?.outcome == .upToDate)
        #expect(statuses["refs/notes/ops"]?.outcome == .behind)
        #expect(statuses["refs/ops/deploy/prod"]?.outcome == .refused("[remote rejected] (hook declined)"))
        #expect(statuses["refs/ops/pin/dev"]?.outcome == .stale)
        #expect(statuses["refs/ops/pin/qa"]?.outcome == .updated)
        #expect(statuses.count == 6)
        let busy = PushStatus.parse("!\tcdef:refs/notes/ops\t[remote rejected] (failed to update ref)\n")
        #expect(busy["refs/notes/ops"]?.outcome == .busy("[remote rejected] (failed to update ref)"))
    }
}

/// A count shared with a `@Sendable` closure.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() { lock.withLock { count += 1 } }
}
