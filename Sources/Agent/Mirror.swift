import Foundation
import Git
import Reconcile

/// The agent's bare clone of the repository it follows, under its state
/// directory: cloned once, then fetched (branches and tags, pruned) on
/// every interval and webhook. Fetches asked for together share one run.
package actor Mirror {
    /// The bare clone's git directory.
    package nonisolated let gitDirectory: String
    let source: String
    let environment: [String: String]
    private let fetches = SharedRun()

    package init(source: String, stateDirectory: String, environment: [String: String]) {
        gitDirectory = (stateDirectory as NSString).appendingPathComponent("repository.git")
        self.source = source
        self.environment = environment
    }

    func git(_ arguments: [String], in directory: String) async throws -> GitCommand.Output {
        try await GitCommand(gitDirectory: directory, workingDirectory: directory, environment: environment).run(arguments)
    }

    /// Clones the repository when the state directory has no clone yet, and
    /// turns git's automatic maintenance off in it (see `maintain()`).
    package func prepare() async throws {
        if FileManager.default.fileExists(atPath: gitDirectory + "/HEAD") {
            try await turnAutomaticMaintenanceOff()
            return
        }
        let parent = (gitDirectory as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let output = try await GitCommand(gitDirectory: parent, workingDirectory: parent, environment: environment)
            .run(["clone", "--bare", "--quiet", source, gitDirectory])
        guard output.status == 0 else {
            throw ReconcileError(.source, "cannot clone '\(source)': \(output.complaint)")
        }
        // The deployment records of other clones and agents come with each fetch.
        _ = try await git(["config", "--replace-all", "remote.origin.fetch", "+refs/heads/*:refs/heads/*"], in: gitDirectory)
        try await turnAutomaticMaintenanceOff()
    }

    /// git runs `gc --auto` after a fetch, in the background: its `pack-refs`
    /// packed a sync's lease and then held `packed-refs` while the sync
    /// deleted it, so the release failed and the environment stayed locked
    /// until the lease expired. Maintenance is the agent's to run, between syncs.
    func turnAutomaticMaintenanceOff() async throws {
        for (key, value) in [("gc.auto", "0"), ("maintenance.auto", "false")] {
            let output = try await git(["config", key, value], in: gitDirectory)
            guard output.status == 0 else {
                throw ReconcileError(.source, "cannot set \(key) in '\(gitDirectory)': \(output.complaint)")
            }
        }
    }

    /// git's automatic maintenance, in the foreground (the agent calls it
    /// while no environment syncs): `gc --auto` packs loose objects once there
    /// are many, prunes old unreachable ones and packs the refs; the packs are
    /// then merged geometrically (each at least twice the size of the smaller
    /// ones together), so only small packs are rewritten. `gc --auto`'s own
    /// answer to many packs, rewriting them all into one, held every sync for
    /// 18 seconds at 210,000 objects; it is turned off.
    package func maintain() async throws {
        let settings = ["-c", "gc.auto=6700", "-c", "gc.autoPackLimit=0", "-c", "gc.autoDetach=false"]
        for command in [["gc", "--auto", "--quiet"], ["repack", "-d", "-q", "--geometric=2"]] {
            let output = try await git(settings + command, in: gitDirectory)
            guard output.status == 0 else {
                throw ReconcileError(.source, "git \(command.joined(separator: " ")) in '\(gitDirectory)' failed: \(output.complaint)")
            }
        }
    }

    /// Fetches the branches and tags. Fetches asked for together share one
    /// run, but never one that began before they asked (it could miss the
    /// push that a webhook announced).
    package func fetch() async throws {
        try await fetches.perform { [self] in
            let output = try await self.git(["fetch", "--quiet", "--prune", "--tags", "origin"], in: gitDirectory)
            guard output.status == 0 else {
                throw ReconcileError(.source, "cannot fetch '\(self.source)': \(output.complaint)")
            }
            try await self.pointHead()
        }
    }

    /// A clone of a repository whose HEAD names a branch it lacks (a bare
    /// repository made with another default) points HEAD at `main`, else
    /// `master`, else its first branch, so `.gitops.yaml` can be read.
    func pointHead() async throws {
        if try await git(["rev-parse", "--verify", "--quiet", "HEAD"], in: gitDirectory).status == 0 { return }
        let branches = try await git(["for-each-ref", "--format=%(refname)", "refs/heads/"], in: gitDirectory).stdout
            .split(separator: "\n").map(String.init)
        guard let branch = ["refs/heads/main", "refs/heads/master"].first(where: branches.contains) ?? branches.first else { return }
        _ = try await git(["symbolic-ref", "HEAD", branch], in: gitDirectory)
    }

    /// Takes the remote's deployment records and pin of `environment` as they
    /// are there: what an agent does when it becomes the environment's leader,
    /// so it carries on from the last leader's history. A history of this
    /// clone that continues the remote's is kept instead: records made here
    /// and never pushed (an agent killed before its push) go out with the
    /// next publish rather than vanish.
    package func adoptRecords(of environment: String) async throws {
        for kind in ["deploy", "pin"] {
            let local = "refs/ops/\(kind)/\(environment)"
            let tracking = "refs/ops/remotes/origin/\(kind)/\(environment)"
            // A ref the remote lacks is not an error: nothing was deployed or pinned yet.
            guard try await git(["fetch", "--quiet", "origin", "+\(local):\(tracking)"], in: gitDirectory).status == 0,
                  let theirs = try await commit(tracking) else { continue }
            let ours = try await commit(local)
            if ours == theirs { continue }
            if kind == "deploy", let ours,
               try await git(["merge-base", "--is-ancestor", theirs, ours], in: gitDirectory).status == 0 {
                continue
            }
            let output = try await git(["update-ref", local, theirs], in: gitDirectory)
            guard output.status == 0 else {
                throw ReconcileError(.source, "cannot take '\(local)' from '\(source)': \(output.complaint)")
            }
        }
    }

    /// The commit `reference` names in the clone, or `nil`.
    func commit(_ reference: String) async throws -> String? {
        let output = try await git(["rev-parse", "--verify", "--quiet", reference + "^{commit}"], in: gitDirectory)
        let id = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return output.status == 0 && !id.isEmpty ? id : nil
    }

    /// The `ops.notify.*` settings of git config (the clone's, the user's, the system's).
    package func notificationConfig() async -> String {
        (try? await git(["config", "--get-regexp", "^ops\\.notify\\."], in: gitDirectory).stdout) ?? ""
    }

    /// A handle on the clone, for one task's use.
    package nonisolated func open() throws -> Repository {
        try Repository(at: gitDirectory)
    }
}
