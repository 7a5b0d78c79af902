import Foundation
import Git
import Manifests
import State

/// The post-receive hook's work once the refs have moved: a note on each
/// commit pushed to an environment's branch (`PushEvent` on
/// `refs/notes/ops`), with the bypass when `-o ops.skip` let a failed check
/// through, and the `autoSync` environments to start syncing.
///
/// pre-receive may not write a ref, note or object (they would vanish with
/// the quarantine, or be refused), so it leaves word of a bypass in a file
/// outside the object database, `$GIT_DIR/ops/bypass/<commit>`, which
/// post-receive reads and removes.
package struct PushRecorder {
    /// What post-receive did and has left to do.
    package struct Outcome: Sendable {
        /// The notes written, one per environment deployed from a branch the push moved.
        package var recorded: [PushEvent] = []
        /// The environments with `autoSync: true` whose branch moved, to sync in the background.
        package var autoSync: [String] = []
        /// What could not be recorded; reported, never a reason to fail (the push has landed).
        package var problems: [String] = []
    }

    let repository: Repository

    package init(repository: Repository) {
        self.repository = repository
    }

    /// The folder of the bypass files of `repository`.
    static func bypassFolder(_ repository: Repository) -> String {
        repository.gitPath("ops/bypass")
    }

    /// pre-receive: leaves word that the pushed commits of `updates` went
    /// through by `-o ops.skip` for `reason` though they broke `rules`. Best
    /// effort: a server that cannot write it still accepts the push.
    package static func leaveBypass(reason: String, rules: [String], updates: [RefUpdate], repository: Repository) {
        let folder = bypassFolder(repository)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard let text = try? JSON.serialize(.mapping(Mapping(["reason": .string(reason), "rules": .sequence(rules.map { .string($0) })]))) else { return }
        for new in Set(updates.compactMap(\.new)) {
            FileManager.default.createFile(atPath: folder + "/" + new.hex, contents: Data((text + "\n").utf8))
        }
    }

    /// The bypass pre-receive left for `commit`, removing its file; `nil` when there is none.
    static func takeBypass(of commit: ObjectID, repository: Repository) -> (reason: String, rules: [String])? {
        let path = bypassFolder(repository) + "/" + commit.hex
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        try? FileManager.default.removeItem(atPath: path)
        guard let object = try? JSON.parse(String(decoding: data, as: UTF8.self)), let reason = object["reason"]?.string else { return nil }
        return (reason, object["rules"]?.sequence?.compactMap { $0.string } ?? [])
    }

    /// Records each update of `updates` to a branch that an environment of
    /// the pushed commit's `.gitops.yaml` deploys from, by `pusher` at `time`.
    package func record(_ updates: [RefUpdate], pusher: String?, time: Int64) -> Outcome {
        var outcome = Outcome()
        let notes = DeploymentNotes(repository: repository)
        for update in updates {
            guard let branch = update.branch, let new = update.new else { continue }
            let bypass = Self.takeBypass(of: new, repository: repository)
            guard let file = ConfigurationCheck.read(repository, at: new).file else { continue }
            for environment in file.environments where environment.branch == branch {
                let event = PushEvent(time: time, environment: environment.name, reference: update.ref, old: update.old, new: new,
                                      pusher: pusher ?? "unknown", skip: bypass)
                do {
                    try notes.append(event)
                    outcome.recorded.append(event)
                } catch let error as GitError {
                    outcome.problems.append("cannot record the push of \(new.short) to '\(environment.name)': \(error.message)")
                } catch {
                    outcome.problems.append("cannot record the push of \(new.short) to '\(environment.name)': \(error)")
                }
                if environment.autoSync, !outcome.autoSync.contains(environment.name) { outcome.autoSync.append(environment.name) }
            }
        }
        return outcome
    }
}
