import Git

extension DeploymentHistory {
    /// At most `limit` records, newest first, from `start` (the latest record when `nil`).
    ///
    /// Reads commits only, never trees, so the first page of a long history
    /// costs `limit` commit reads. A pending record followed by its own final
    /// record (the same sync's) is left out: one sync shows once. A pending
    /// record that no final record follows is listed: its sync was killed,
    /// or is still running.
    package func page(from start: ObjectID? = nil, limit: Int = 20) throws -> DeploymentPage {
        var next = try start ?? repository.referenceTarget(environment.deploy)
        var read: Deployment?
        var deployments: [Deployment] = []
        while let commit = next, deployments.count < limit {
            let deployment = try read.flatMap { $0.commit == commit ? $0 : nil } ?? deployment(at: commit)
            deployments.append(deployment)
            (next, read) = try continuation(after: deployment)
        }
        return DeploymentPage(deployments: deployments, next: next)
    }

    /// The newest record that ended healthy (`succeeded`), or `nil` when none did.
    package func latestHealthy() throws -> Deployment? {
        try first { $0.record.result.isHealthy }
    }

    /// The newest finished record of source commit `source` (any result but pending), or `nil` when it was never synced here.
    package func deployment(ofSource source: ObjectID) throws -> Deployment? {
        try first { $0.record.sourceCommit == source && $0.record.result != .pending }
    }

    /// The deployment a user names: a deployment commit of this environment
    /// (`3f2a1c9`, `refs/ops/deploy/prod~2`), or a source commit deployed here,
    /// for which its newest finished record stands.
    package func resolve(_ revision: String) throws -> Deployment {
        let id = try repository.resolve(revision)
        let commit = try repository.commit(id)
        if commit.trailers.contains(where: { $0.key == DeploymentRecord.Trailer.layoutVersion.rawValue }) {
            return try deployment(at: id)
        }
        guard let deployment = try deployment(ofSource: id) else {
            throw StateError(.notFound, "'\(revision)' is neither a deployment of '\(environment)' nor a commit deployed there; 'git log \(environment.deploy)' lists them")
        }
        return deployment
    }

    /// What a rollback re-applies: the deployment `revision` names (see
    /// `resolve`), or by default the previous healthy one, the newest
    /// `succeeded` record older than the latest whose source commit differs
    /// from the latest's (so a rollback after a re-sync of the same commit
    /// still goes back).
    package func rollbackTarget(_ revision: String? = nil) throws -> Deployment {
        if let revision { return try resolve(revision) }
        guard let latest = try latest() else {
            throw StateError(.notFound, "cannot roll back '\(environment)': nothing was deployed there yet")
        }
        let target = try first(from: latest.parent) {
            $0.record.result.isHealthy && $0.record.sourceCommit != latest.record.sourceCommit
        }
        guard let target else {
            throw StateError(.noHealthyDeployment, "cannot roll back '\(environment)': no healthy deployment of another commit before \(latest.commit.short); name one with 'git ops rollback \(environment) <commit>'")
        }
        return target
    }

    /// The newest record from `start` (the latest when `nil`) that `matches` accepts, walking first parents.
    func first(from start: ObjectID? = nil, where matches: (Deployment) throws -> Bool) throws -> Deployment? {
        var next = try start ?? repository.referenceTarget(environment.deploy)
        var read: Deployment?
        while let commit = next {
            let deployment = try read.flatMap { $0.commit == commit ? $0 : nil } ?? deployment(at: commit)
            if try matches(deployment) { return deployment }
            (next, read) = try continuation(after: deployment)
        }
        return nil
    }

    /// The commit to visit after `deployment`: its parent, or its grandparent
    /// when the parent is the pending record `deployment` finished; with the
    /// record at that commit when it was read on the way, so a walk reads each once.
    private func continuation(after deployment: Deployment) throws -> (next: ObjectID?, read: Deployment?) {
        guard let parent = deployment.parent else { return (nil, nil) }
        guard deployment.record.result != .pending else { return (parent, nil) }
        let before = try self.deployment(at: parent)
        return Self.finishes(deployment.record, before.record) ? (before.parent, nil) : (parent, before)
    }

    /// Whether `final` is the record that ends the sync `pending` began: the same sync in all but its outcome.
    static func finishes(_ final: DeploymentRecord, _ pending: DeploymentRecord) -> Bool {
        pending.result == .pending && final.result != .pending && final.sourceCommit == pending.sourceCommit
            && final.cluster == pending.cluster && final.rollbackOf == pending.rollbackOf
            && final.syncedBy == pending.syncedBy
    }
}
