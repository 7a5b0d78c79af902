import Git
import Plan
import State

/// What a sync did: the plan it carried out, how it ended, and its record.
package struct SyncOutcome: Sendable {
    /// The environment synced.
    package var environment: String
    /// The source commit deployed.
    package var sourceCommit: ObjectID
    /// What was done to each object.
    package var changes: ChangeSet
    /// How it ended.
    package var result: DeploymentRecord.Result
    /// The objects that were not healthy when the wait ended, with why.
    package var unhealthy: [(key: ObjectKey, health: Health)]
    /// The final deployment record, or `nil` for a dry run.
    package var deployment: Deployment?
    /// Seconds from the start to the end of the health wait.
    package var seconds: Double
    /// How long rendering the source took, in seconds (part of `seconds`).
    package var renderSeconds: Double = 0
    /// The rollback an `autoRollback` environment ran after this sync, when it ran one.
    package var rollback: [SyncOutcome]
    /// Whether the sync waited for health (`false` with `--no-wait`).
    package var waited = true
    /// The branch the environment follows, whose upstream remote its records are pushed to by default.
    package var branch: String? = nil
    /// The policy failures that did not stop the sync (Audit ones, and Enforce
    /// ones let through by `--skip-policy`), one line each.
    package var policyWarnings: [String] = []

    /// `applied 3, pruned 1, unchanged 240`.
    package var counts: DeploymentRecord.Counts {
        DeploymentRecord.Counts(applied: changes.count("created") + changes.count("configured"),
                                pruned: changes.count("pruned"), unchanged: changes.count("unchanged"))
    }
}
