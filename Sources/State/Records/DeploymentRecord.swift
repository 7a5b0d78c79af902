import Git

/// What one sync attempt of an environment did, as the message of its commit on
/// `refs/ops/deploy/<env>` says it in trailers (`DeploymentRecord+Message`).
package struct DeploymentRecord: Sendable, Equatable {
    /// How the sync attempt ended, or `pending` while it runs (the write-ahead record).
    package enum Result: String, Sendable, CaseIterable {
        /// Written before anything is applied; its tree names everything the sync may apply.
        case pending
        /// Everything was applied, pruned and healthy in time.
        case succeeded
        /// Applying or pruning failed part of the way; the record keeps the pending tree as the inventory.
        case failed
        /// Everything was applied and pruned, but did not become healthy in time.
        case unhealthy
        /// Unhealthy, and the environment's automatic rollback then re-applied an earlier deployment.
        case rolledBack = "rolled-back"

        /// Whether a rollback may return to a deployment that ended so.
        package var isHealthy: Bool { self == .succeeded }
    }

    /// How many objects the sync applied, pruned and found unchanged.
    package struct Counts: Sendable, Equatable {
        /// Objects created or changed by server-side apply.
        package var applied: Int
        /// Objects deleted because the environment owned them and no longer renders them.
        package var pruned: Int
        /// Objects that were already as rendered.
        package var unchanged: Int

        /// Counts with every number given (none negative).
        package init(applied: Int = 0, pruned: Int = 0, unchanged: Int = 0) {
            self.applied = max(0, applied)
            self.pruned = max(0, pruned)
            self.unchanged = max(0, unchanged)
        }
    }

    /// The environment synced (`Environment`).
    package var environment: String
    /// The kubeconfig context the environment targets (`Cluster`).
    package var cluster: String
    /// The commit whose render was synced (`Source-Commit`).
    package var sourceCommit: ObjectID
    /// How the attempt ended (`Result`).
    package var result: Result
    /// What it did to objects (`Applied`, `Pruned`, `Unchanged`; absent on pending records).
    package var counts: Counts
    /// Who or what ran the sync: a user, the agent, a hook (`Synced-By`).
    package var syncedBy: String
    /// For a rollback, the deployment commit whose objects it re-applied (`Rollback-Of`).
    package var rollbackOf: ObjectID?
    /// When the record was written, in seconds since 1970 (the commit's author and committer time).
    package var time: Int64
    /// The layout the record was written in (`Layout-Version`).
    package var layoutVersion: Int
    /// Why an Enforce policy failure was let through (`Policy-Skipped`, from `sync --skip-policy`).
    package var policySkipped: String?
    /// The Audit policy failures the sync applied anyway, one `policy/rule Kind/namespace/name` each (`Policy-Audit`).
    package var policyAudits: [String] = []

    /// A record with every field given; the layout is this build's unless said.
    package init(
        environment: String, cluster: String, sourceCommit: ObjectID, result: Result, counts: Counts = Counts(),
        syncedBy: String, rollbackOf: ObjectID? = nil, time: Int64, layoutVersion: Int = StateLayout.version
    ) {
        self.environment = environment
        self.cluster = cluster
        self.sourceCommit = sourceCommit
        self.result = result
        self.counts = counts
        self.syncedBy = syncedBy
        self.rollbackOf = rollbackOf
        self.time = time
        self.layoutVersion = layoutVersion
    }
}
