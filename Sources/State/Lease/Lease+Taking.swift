#if canImport(Glibc)
import Glibc
#endif
import Git

extension Lease {
    /// How many times `take` reads the lease again after losing a compare-and-swap to another taker.
    static let takeAttempts = 3

    /// The lease on `environment` as `refs/ops/lock/<env>` holds it now, live or expired; `nil` when none is.
    package static func current(in repository: Repository, environment: EnvironmentRefs) throws -> Lease? {
        guard let commit = try repository.referenceTarget(environment.lock) else { return nil }
        return try Lease(repository.commit(commit), environment: environment.name)
    }

    /// Takes the lease on `environment` for `holder` until `now + duration` seconds.
    ///
    /// With no lease there, the reference is created (compare-and-swap on
    /// its absence); over an expired one, it is moved from the old lease
    /// (compare-and-swap on the old value), so of two syncs taking over a
    /// crashed one's lease only one wins. A live lease, whoever holds it,
    /// fails with `leaseHeld`, naming its holder and its expiry.
    package static func take(
        in repository: Repository, environment: EnvironmentRefs, holder: String, duration: Int64, now: Int64
    ) throws -> Lease {
        try DeploymentRecord.requireOneLine(holder, "lease holder")
        for _ in 1...takeAttempts {
            let existing = try current(in: repository, environment: environment)
            if let existing, existing.isLive(at: now), !existing.isAbandoned { throw held(existing, environment) }
            let lease = try write(
                in: repository, environment: environment, holder: holder,
                acquired: now, expires: now + max(1, duration), now: now)
            do {
                try repository.updateReference(
                    environment.lock, to: lease.commit, expecting: existing.map { .value($0.commit) } ?? .absent,
                    message: existing == nil ? "git-ops: take lease" : "git-ops: take over expired lease of \(existing?.holder ?? "")")
                // Holding the lease, this sync alone writes the environment's refs: a lock left
                // on them is a killed sync's. The holder of an expired lease may still be running
                // (slow, not dead), so only its old locks go; a dead holder's or no holder's go now,
                // or every sync in the next seconds would fail on a lock nobody will remove.
                let holderGone = existing.map(\.isAbandoned) ?? true
                StaleLocks.clear([environment.deploy, environment.pin], in: repository, olderThan: holderGone ? 0 : 2)
                StaleLocks.clear([StateLayout.notesReference], in: repository, olderThan: 10)
                return lease
            } catch let error as GitError where error.code == .referenceMoved || error.code == .locked {
                // Another taker moved it first (read again, and refuse if theirs is live),
                // or a killed one left the lease's own lock behind.
                StaleLocks.clear([environment.lock], in: repository, olderThan: 10)
                continue
            }
        }
        guard let winner = try current(in: repository, environment: environment) else {
            throw StateError(.concurrentUpdate, "cannot take the lease of '\(environment)': it keeps changing hands; try again")
        }
        throw held(winner, environment)
    }

    /// This lease extended to `now + duration` seconds, if `refs/ops/lock/<env>` still holds it; `leaseLost` if not.
    package func renew(in repository: Repository, duration: Int64, now: Int64) throws -> Lease {
        let environment = try EnvironmentRefs(self.environment)
        let renewed = try Self.write(
            in: repository, environment: environment, holder: holder,
            acquired: acquired, expires: now + max(1, duration), now: now)
        do {
            try repository.updateReference(
                environment.lock, to: renewed.commit, expecting: .value(commit), message: "git-ops: renew lease")
        } catch let error as GitError where error.code == .referenceMoved || error.code == .locked {
            throw lost(in: repository, environment)
        }
        return renewed
    }

    /// Gives the lease back: deletes `refs/ops/lock/<env>` if it still holds this lease; `leaseLost` if not.
    ///
    /// Another git process may hold the reference's lock for a moment (a fetch
    /// whose `gc --auto` packs the refs, a push): the release is tried again
    /// for up to about two seconds before the lease counts as lost. A release
    /// given up on leaves the lease to expire, and the environment unsynced
    /// until then.
    package func release(in repository: Repository) throws {
        let environment = try EnvironmentRefs(self.environment)
        var attempt = 0
        while true {
            do {
                try repository.deleteReference(environment.lock, expecting: commit)
                return
            } catch let error as GitError where error.code == .locked && attempt < Self.releaseAttempts {
                attempt += 1
                usleep(UInt32(min(20_000 * attempt, 200_000)))
            } catch let error as GitError where [.referenceMoved, .locked, .notFound].contains(error.code) {
                throw lost(in: repository, environment)
            }
        }
    }

    /// How many times `release` tries again while the reference is locked by another process.
    static let releaseAttempts = 15

    /// Throws `leaseLost` unless `refs/ops/lock/<env>` still holds this lease.
    package func requireHeld(in repository: Repository) throws {
        let environment = try EnvironmentRefs(self.environment)
        guard try repository.referenceTarget(environment.lock) == commit else {
            throw lost(in: repository, environment)
        }
    }

    /// Stores a lease commit (empty tree, no parent, dated `now`) and returns the lease it records.
    private static func write(
        in repository: Repository, environment: EnvironmentRefs, holder: String, acquired: Int64, expires: Int64,
        now: Int64
    ) throws -> Lease {
        // The commit is known once the message, made from the other fields, is stored.
        var lease = Lease(environment: environment.name, commit: ObjectID.emptyTree, holder: holder,
                          acquired: acquired, expires: expires)
        let signature = repository.signature(at: now)
        lease.commit = try repository.createCommit(
            tree: repository.writeTree([:]), parents: [], message: lease.message,
            author: signature, committer: signature)
        return lease
    }

    /// The error for a live lease held by someone: who, and until when.
    private static func held(_ lease: Lease, _ environment: EnvironmentRefs) -> StateError {
        StateError(.leaseHeld, "cannot take the lease of '\(environment)': held by '\(lease.holder)' until \(UTCTime.format(lease.expires)); wait for that sync, or if it is gone run 'git update-ref -d \(environment.lock)'")
    }

    /// The error for a lease that is no longer this one, naming who holds the reference now.
    private func lost(in repository: Repository, _ environment: EnvironmentRefs) -> StateError {
        let current = (try? Self.current(in: repository, environment: environment)) ?? nil
        let holder = current.map { "'\($0.holder)' holds it now" } ?? "nobody holds it now"
        return StateError(.leaseLost, "lost the lease of '\(environment)' held by '\(self.holder)': \(holder); stop this sync and start it again")
    }
}
