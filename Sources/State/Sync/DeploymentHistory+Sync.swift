import Git

extension DeploymentHistory {
    /// Records that a sync is about to apply `request.objects`, before the caller applies anything (the write-ahead record).
    ///
    /// The pending record's tree is the union of the latest record's tree
    /// (whatever its result) and every object the sync may apply, so a sync
    /// killed at any moment after this leaves a record naming everything it
    /// might have created, and the next sync prunes from it. The returned
    /// `inventory` is what this sync may prune: the latest record's tree.
    ///
    /// The caller must hold `lease`, live at `request.time`. An automatic sync
    /// of a pinned environment fails with `pinned`; a rollback pins the
    /// environment to this pending record at once, so even a rollback killed
    /// half way is not undone by the agent.
    package func beginSync(_ request: SyncRequest, holding lease: Lease) throws -> PendingSync {
        try requireLease(lease, at: request.time)
        if request.trigger == .automatic, let pin = try pin() {
            throw StateError(.pinned, "cannot sync '\(environment)' automatically: the rollback to \(pin.record.sourceCommit.short) (deployment \(pin.commit.short)) pinned it; an explicit 'git ops sync \(environment)' lifts the pin")
        }
        let previous = try latest()
        let previousFiles = try previous.map { try repository.files(inTree: $0.tree) } ?? []
        var desired: [String: ObjectID] = [:]
        for (path, bytes) in try request.files ?? DeploymentTree.files(request.objects) {
            desired[path] = try repository.writeBlob(bytes)
        }
        // An object in both keeps the new text: the pending tree shows what is being applied.
        var union = Dictionary(previousFiles.map { ($0.path, $0.blob) }) { first, _ in first }
        union.merge(desired) { _, new in new }
        let desiredTree = try repository.writeTree(blobs: desired)
        var record = DeploymentRecord(
            environment: environment.name, cluster: request.cluster, sourceCommit: request.sourceCommit,
            result: .pending, syncedBy: request.syncedBy, rollbackOf: request.trigger.rollbackOf, time: request.time)
        record.policySkipped = request.policySkipped
        record.policyAudits = request.policyAudits
        let pending = try append(record, tree: try repository.writeTree(blobs: union), expecting: previous?.commit)
        if case .rollback = request.trigger {
            try pin(to: pending.commit, expecting: try repository.referenceTarget(environment.pin))
        }
        return PendingSync(
            pending: pending, previous: previous,
            inventory: previousFiles.compactMap { DeploymentTree.identity(atPath: $0.path) },
            trigger: request.trigger, desiredTree: desiredTree)
    }

    /// Records how the sync `sync` ended, on top of its pending record, and
    /// appends its event to the source commit's note.
    ///
    /// The final record's tree is what the environment owns now: the applied
    /// objects when everything was applied and pruned (`succeeded`,
    /// `unhealthy`, `rolled-back`); the pending superset when the sync
    /// `failed` part of the way, since any of those objects may exist. A
    /// rollback moves the pin to its final record; an explicit sync lifts the
    /// pin; an automatic one leaves it.
    package func finishSync(
        _ sync: PendingSync, result: DeploymentRecord.Result, counts: DeploymentRecord.Counts, time: Int64,
        holding lease: Lease
    ) throws -> Deployment {
        guard result != .pending, sync.pending.record.environment == environment.name else {
            throw StateError(.invalidResult, "cannot finish the sync of '\(sync.pending.record.environment)' in '\(environment)' as '\(result.rawValue)': give how it ended, in its own environment")
        }
        try lease.requireHeld(in: repository)
        var record = sync.pending.record
        record.result = result
        record.counts = counts
        record.time = time
        let tree = result == .failed ? sync.pending.tree : sync.desiredTree
        let final = try append(record, tree: tree, expecting: sync.pending.commit)
        switch sync.trigger {
        case .rollback: try pin(to: final.commit, expecting: sync.pending.commit, keepingOthers: true)
        case .explicit: try unpin()
        case .automatic: break
        }
        try DeploymentNotes(repository: repository).append(DeploymentEvent(final))
        return final
    }

    /// Throws unless `lease` is this environment's, still on its reference, and live at `now`.
    private func requireLease(_ lease: Lease, at now: Int64) throws {
        guard lease.environment == environment.name else {
            throw StateError(.leaseLost, "cannot sync '\(environment)' with the lease of '\(lease.environment)'; take the lease of '\(environment)'")
        }
        try lease.requireHeld(in: repository)
        guard lease.isLive(at: now) else {
            throw StateError(.leaseLost, "cannot sync '\(environment)': its lease expired at \(UTCTime.format(lease.expires)); renew it first")
        }
    }
}
