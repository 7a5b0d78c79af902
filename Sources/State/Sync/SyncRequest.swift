import Git
import Manifests

/// What a sync is about to do, as `DeploymentHistory.beginSync` records it before anything is applied.
package struct SyncRequest: Sendable {
    /// The commit whose render is synced.
    package var sourceCommit: ObjectID
    /// The kubeconfig context the environment targets.
    package var cluster: String
    /// Who or what runs the sync (`Synced-By`).
    package var syncedBy: String
    /// Why it runs: explicit, automatic, or a rollback.
    package var trigger: SyncTrigger
    /// Every object the sync may apply, namespaces defaulted (the render, ApplySet labels stamped).
    package var objects: [Node]
    /// When the sync starts, in seconds since 1970.
    package var time: Int64
    /// `objects` as `DeploymentTree.files` makes them, when the caller has them
    /// already (the plan compares them with the last record); made here otherwise.
    package var files: [String: [UInt8]]?
    /// Why failing Enforce policies were let through, when they were.
    package var policySkipped: String?
    /// The Audit policy failures applied anyway.
    package var policyAudits: [String] = []

    /// A request with every field given.
    package init(
        sourceCommit: ObjectID, cluster: String, syncedBy: String, trigger: SyncTrigger, objects: [Node], time: Int64
    ) {
        self.sourceCommit = sourceCommit
        self.cluster = cluster
        self.syncedBy = syncedBy
        self.trigger = trigger
        self.objects = objects
        self.time = time
    }
}
