import Foundation
import Git
import State

/// Pushes the records of synced environments to a remote: each deployment
/// history `refs/ops/deploy/<env>` (fast-forward only), its pin
/// `refs/ops/pin/<env>` (set, moved or lifted), and the notes `refs/notes/ops`.
/// Leases (`refs/ops/lock/<env>`) are local and never pushed.
///
/// Pushes go through the `git` command line (`GitCommand`), so the user's
/// credentials, SSH config and push URLs apply. A push that loses the race
/// on the notes fetches the remote's notes into
/// `refs/notes/remotes/<remote>/ops`, merges them (`cat_sort_uniq`, nothing
/// is ever in conflict) and pushes again, a bounded number of times; a
/// reference the remote could not lock just then (another push held it) is
/// pushed again within the same bound. A push
/// that loses the race on a deployment history is never forced: another clone
/// deployed that environment, and the result says so. Nothing local is
/// changed but the merged notes and the remote-tracking copies of what the
/// remote was seen to hold.
///
/// Not `Sendable`: it holds a `Repository`, which one task uses at a time.
package struct RecordPublisher {
    /// One environment to publish, with the branch it follows (for `branch.<b>.remote`).
    package struct Target: Sendable, Equatable {
        package var environment: String
        package var branch: String?

        package init(environment: String, branch: String? = nil) {
            self.environment = environment
            self.branch = branch
        }
    }

    /// How the records of one environment fared.
    package struct Result: Sendable {
        package var environment: String
        /// The remote pushed to, or `nil` when none could be chosen.
        package var remote: String?
        /// Why the records (or part of them) are not on the remote; `nil` when they all are.
        package var error: ReconcileError?
        /// How many times the notes were merged with the remote's before they went through.
        package var notesMerges: Int

        /// Whether every record of the environment is on the remote.
        package var pushed: Bool { error == nil }
    }

    /// The repository whose records are pushed.
    package let repository: Repository
    /// How git is run.
    package var git: GitCommand
    /// How many pushes of the notes are tried before giving up (the first and the retries after a lost race).
    package var attempts = 5
    /// Waits before the retry after lost race number `n` (1, 2, ...): a little jittered backoff.
    package var pause: @Sendable (Int) async -> Void = { lost in
        let milliseconds = Double(50 << min(lost, 6)) * Double.random(in: 0.5..<1.5)
        try? await Task.sleep(for: .milliseconds(milliseconds))
    }

    /// A publisher of `repository`'s records, running git with `environment` (the process's by default).
    package init(repository: Repository, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.repository = repository
        git = GitCommand(gitDirectory: repository.gitDirectory,
                         workingDirectory: repository.workTree ?? repository.gitDirectory, environment: environment)
    }

    /// Whether syncs push their records when no flag says: the git config `ops.push` (default false).
    package static func isEnabled(in repository: Repository) throws -> Bool {
        do {
            return try repository.configBool("ops.push") ?? false
        } catch let error as GitError {
            throw ReconcileError(.publish, "\(error.message); set 'git config ops.push true' or 'false'")
        }
    }

    /// The remote the records of an environment following `branch` go to: the
    /// git config `ops.remote`, else the branch's upstream remote
    /// (`branch.<branch>.remote`), else `origin`; an error naming what to set
    /// when that is not a remote of the repository.
    package func remote(forBranch branch: String?) throws -> String {
        let remotes: [String]
        do {
            remotes = try repository.remoteNames()
            if let configured = try repository.configValue("ops.remote"), !configured.isEmpty {
                guard remotes.contains(configured) else {
                    throw ReconcileError(.publish, "git config ops.remote is '\(configured)', which is not a remote of this repository; "
                        + "set it to one of \(Self.list(remotes)) with 'git config ops.remote <remote>', or add it with 'git remote add \(configured) <url>'")
                }
                return configured
            }
            if let branch, let upstream = try repository.configValue("branch.\(branch).remote"), remotes.contains(upstream) {
                return upstream
            }
        } catch let error as GitError {
            throw ReconcileError(.publish, "cannot choose a remote to push the records to: \(error.message)")
        }
        guard remotes.contains("origin") else {
            throw ReconcileError(.publish, remotes.isEmpty
                ? "this repository has no remote to push the records to; add one with 'git remote add origin <url>'"
                : "no remote 'origin' to push the records to; set one of \(Self.list(remotes)) with 'git config ops.remote <remote>'")
        }
        return "origin"
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "the remotes ('git remote' lists none)" : names.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// Whether `target` has a deployment history that its remote was not seen
    /// to take (a push that failed, or none yet): what the next publish owes it.
    package func hasUnpublishedRecords(_ target: Target) throws -> Bool {
        let refs = try EnvironmentRefs(target.environment)
        guard let local = try repository.referenceTarget(refs.deploy) else { return false }
        let remote = try remote(forBranch: target.branch)
        return try repository.referenceTarget(Self.tracking(refs.deploy, on: remote)) != local
    }

    /// Pushes the records of `targets`, each to its remote (one push per remote), and says how each fared.
    package func publish(_ targets: [Target]) async -> [Result] {
        var byRemote: [String: [String]] = [:]
        var results: [String: Result] = [:]
        for target in targets {
            do {
                byRemote[try remote(forBranch: target.branch), default: []].append(target.environment)
            } catch {
                results[target.environment] = Result(environment: target.environment, remote: nil,
                                                     error: error as? ReconcileError ?? ReconcileError(.publish, "\(error)"),
                                                     notesMerges: 0)
            }
        }
        for (remote, environments) in byRemote.sorted(by: { $0.key < $1.key }) {
            for result in await publish(environments, to: remote) { results[result.environment] = result }
        }
        return targets.compactMap { results[$0.environment] }
    }

    /// Pushes the records of `environments` to `remote`: first every deployment
    /// history with the notes (the notes merged and pushed again after each lost
    /// race), then the pins of the environments whose history went through.
    package func publish(_ environments: [String], to remote: String) async -> [Result] {
        var errors: [String: ReconcileError] = [:]
        var histories: [String: (refs: EnvironmentRefs, commit: ObjectID)] = [:]
        for name in environments {
            do {
                let refs = try EnvironmentRefs(name)
                if let commit = try repository.referenceTarget(refs.deploy) { histories[name] = (refs, commit) }
            } catch {
                errors[name] = ReconcileError(.publish, "cannot read the records of '\(name)': \(Self.message(error))")
            }
        }
        var notesMerges = 0
        var notesError: ReconcileError?
        var accepted: Set<String> = []
        do {
            notesMerges = try await pushHistoriesAndNotes(histories, to: remote, accepted: &accepted, errors: &errors)
        } catch let error as ReconcileError {
            notesError = error
        } catch {
            notesError = ReconcileError(.publish, Self.message(error))
        }
        await pushPins(histories.filter { accepted.contains($0.key) }.values.map(\.refs), to: remote, errors: &errors)
        return environments.map { name in
            Result(environment: name, remote: remote, error: errors[name] ?? notesError, notesMerges: notesMerges)
        }
    }

    /// Pushes each history and the notes; merges the notes and pushes them again after each lost race.
    /// Adds each environment whose history is on the remote to `accepted`, and sets an error for each
    /// whose history is not; throws when the notes did not go through. Returns how many times the notes were merged.
    private func pushHistoriesAndNotes(
        _ histories: [String: (refs: EnvironmentRefs, commit: ObjectID)], to remote: String,
        accepted: inout Set<String>, errors: inout [String: ReconcileError]
    ) async throws -> Int {
        let notes = StateLayout.notesReference
        // Exact commits, not local names: what was pushed is known even if a sync moves a reference meanwhile.
        var pending: [String: ObjectID] = [:]
        for (_, history) in histories { pending[history.refs.deploy] = history.commit }
        if let local = try repository.referenceTarget(notes) { pending[notes] = local }
        var merges = 0
        var tries = 1
        while !pending.isEmpty {
            let statuses = try await push(pending.sorted { $0.key < $1.key }.map { "\($0.value.hex):\($0.key)" }, to: remote)
            var retryNotes = false
            // References the remote could not update while another push held them: pushed again as they are.
            var busy: [String: ObjectID] = [:]
            var notesFailure: ReconcileError?
            for (reference, commit) in pending {
                let name = histories.first { $0.value.refs.deploy == reference }?.key
                switch statuses.status(of: reference) {
                case .updated, .upToDate:
                    try? track(reference, at: commit, on: remote)
                    if let name { accepted.insert(name) }
                case .behind where reference == notes:
                    retryNotes = true
                case .behind:
                    if let name { errors[name] = Self.behind(name, remote: remote) }
                case .busy where tries < attempts:
                    busy[reference] = commit
                case .busy, .stale, .refused, .missing:
                    let error = statuses.error(for: reference, remote: remote)
                    if let name { errors[name] = error } else { notesFailure = error }
                }
            }
            if let notesFailure { throw notesFailure }
            pending = busy
            guard retryNotes || !pending.isEmpty else { break }
            tries += 1
            if retryNotes {
                merges += 1
                guard merges < attempts else {
                    throw ReconcileError(.publish, "cannot push '\(notes)' to '\(remote)': other clones pushed notes first \(merges) times in a row; run the push again")
                }
            }
            await pause(tries - 1)
            if retryNotes { pending[notes] = try await mergeRemoteNotes(from: remote) }
        }
        return merges
    }

    /// Sets, moves or lifts on `remote` the pin of each environment in `environments`, as it is here.
    ///
    /// A pin lifted here is deleted there only when this clone last saw it there
    /// (its remote-tracking copy), and only if it is still that one.
    private func pushPins(_ environments: [EnvironmentRefs], to remote: String, errors: inout [String: ReconcileError]) async {
        var refspecs: [String] = []
        var leases: [String] = []
        var changes: [String: (name: String, commit: ObjectID?)] = [:]
        for refs in environments.sorted(by: { $0.name < $1.name }) {
            do {
                let local = try repository.referenceTarget(refs.pin)
                let seen = try repository.referenceTarget(Self.tracking(refs.pin, on: remote))
                if let local, local != seen {
                    refspecs.append("+\(local.hex):\(refs.pin)")
                } else if local == nil, let seen {
                    refspecs.append(":\(refs.pin)")
                    leases.append("--force-with-lease=\(refs.pin):\(seen.hex)")
                } else {
                    continue
                }
                changes[refs.pin] = (refs.name, local)
            } catch {
                errors[refs.name] = ReconcileError(.publish, "cannot read the pin of '\(refs.name)': \(Self.message(error))")
            }
        }
        guard !refspecs.isEmpty else { return }
        do {
            let statuses = try await push(refspecs, to: remote, options: leases)
            for (reference, change) in changes {
                switch statuses.status(of: reference) {
                case .updated, .upToDate:
                    try? track(reference, at: change.commit, on: remote)
                case .stale:
                    errors[change.name] = ReconcileError(.pushRejected, "the pin of '\(change.name)' on '\(remote)' changed since this clone last fetched it, so it was left there; "
                        + "run 'git fetch \(remote)' and look at '\(Self.tracking(reference, on: remote))'")
                default:
                    errors[change.name] = statuses.error(for: reference, remote: remote)
                }
            }
        } catch {
            let error = error as? ReconcileError ?? ReconcileError(.publish, "\(error)")
            for change in changes.values { errors[change.name] = error }
        }
    }

    /// Fetches the remote's notes into `refs/notes/remotes/<remote>/ops` and merges them
    /// into the local notes; returns the local notes commit to push.
    private func mergeRemoteNotes(from remote: String) async throws -> ObjectID {
        let fetched = StateLayout.remoteNotesReference(remote)
        // Another publish in this clone (an agent's other environment, a second
        // `git ops sync`) may hold the lock of the tracking reference ("cannot
        // lock ref", in the user's language): the remote just answered the push,
        // so a failure here is taken as passing and tried again.
        for fetch in 1...attempts {
            let output = try await git.run(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote,
                                            "+\(StateLayout.notesReference):\(fetched)"])
            if output.status == 0 { break }
            guard fetch < attempts else {
                throw ReconcileError(.publish, "cannot fetch '\(StateLayout.notesReference)' from '\(remote)' to merge it: \(output.complaint)")
            }
            await pause(fetch)
        }
        // A sync here may add a note meanwhile: the merge is a compare-and-swap, so merge again on the new notes.
        for _ in 0..<attempts {
            do {
                _ = try DeploymentNotes(repository: repository).merge(from: fetched)
                break
            } catch let error as GitError where error.code == .referenceMoved {
                continue
            } catch {
                throw ReconcileError(.publish, "cannot merge the notes of '\(remote)': \(Self.message(error))")
            }
        }
        guard let merged = try repository.referenceTarget(StateLayout.notesReference) else {
            throw ReconcileError(.publish, "cannot merge the notes of '\(remote)': '\(StateLayout.notesReference)' is gone")
        }
        return merged
    }

    /// Runs `git push --porcelain` of `refspecs` to `remote`; the status of each reference it reported.
    private func push(_ refspecs: [String], to remote: String, options: [String] = []) async throws -> PushStatuses {
        let output = try await git.run(["push", "--porcelain"] + options + [remote] + refspecs)
        return PushStatuses(statuses: PushStatus.parse(output.stdout), output: output)
    }

    /// Records that `remote` holds `commit` at `reference` (or not, for `nil`), as git does for
    /// remote-tracking branches, so the next push knows what the remote has.
    private func track(_ reference: String, at commit: ObjectID?, on remote: String) throws {
        let copy = Self.tracking(reference, on: remote)
        if let commit {
            try repository.updateReference(copy, to: commit, expecting: .any, message: "git-ops: pushed to \(remote)")
        } else if try repository.referenceTarget(copy) != nil {
            try repository.deleteReference(copy)
        }
    }

    /// The remote-tracking copy of `reference` (where `StateLayout.fetchRefspecs` fetch it).
    static func tracking(_ reference: String, on remote: String) -> String {
        if reference == StateLayout.notesReference { return StateLayout.remoteNotesReference(remote) }
        return StateLayout.remoteFolder(remote) + "/" + reference.dropFirst("refs/ops/".count)
    }

    /// The lost race on a deployment history, and what to do.
    static func behind(_ name: String, remote: String) -> ReconcileError {
        let refs = "\(StateLayout.deployFolder)/\(name)"
        let copy = tracking(refs, on: remote)
        return ReconcileError(.pushRejected, "the remote '\(remote)' has deployments of '\(name)' that this clone lacks (another clone synced it); "
            + "nothing was overwritten and every record is kept here. To go on from the remote's history, run "
            + "'git fetch \(remote) +\(refs):\(copy)' and 'git update-ref \(refs) \(copy)' (this clone's records stay in "
            + "'git reflog \(refs)'), then sync '\(name)' again")
    }

    static func message(_ error: any Error) -> String {
        (error as? ReconcileError)?.message ?? (error as? GitError)?.message ?? (error as? StateError)?.message ?? "\(error)"
    }
}

/// The statuses one `git push --porcelain` reported, with its output for the errors.
private struct PushStatuses {
    enum Status { case updated, upToDate, behind, stale, busy, refused, missing }

    var statuses: [String: PushStatus]
    var output: GitCommand.Output

    func status(of reference: String) -> Status {
        switch statuses[reference]?.outcome {
        case .updated: return .updated
        case .upToDate: return .upToDate
        case .behind: return .behind
        case .stale: return .stale
        case .busy: return .busy
        case .refused: return .refused
        case nil: return .missing
        }
    }

    /// Why `reference` did not go through: the remote's words, or git's when it reported nothing.
    func error(for reference: String, remote: String) -> ReconcileError {
        switch statuses[reference]?.outcome {
        case .refused(let summary)?, .busy(let summary)?:
            return ReconcileError(.pushRejected, "'\(remote)' refused '\(reference)': \(summary)")
        default: break
        }
        if case .stale? = statuses[reference]?.outcome {
            return ReconcileError(.pushRejected, "'\(remote)' refused '\(reference)': it changed there since this clone last fetched it")
        }
        return ReconcileError(.publish, "cannot push '\(reference)' to '\(remote)': \(output.complaint)")
    }
}
