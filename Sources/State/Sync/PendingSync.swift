import Git
import Manifests

/// A sync between its write-ahead record and its final one: what `beginSync`
/// recorded, and what the caller needs to plan, apply and then `finishSync`.
package struct PendingSync: Sendable, Equatable {
    /// The write-ahead record (`Result: pending`): its tree is the previous inventory and every object that may be applied.
    package var pending: Deployment
    /// The record before it, whatever its result, or `nil` for the environment's first sync.
    package var previous: Deployment?
    /// What this sync may prune from: every object of the previous record's tree (a killed sync's pending superset included).
    package var inventory: [ResourceID]
    /// Why the sync runs.
    package var trigger: SyncTrigger
    /// The tree of the objects to apply alone: the final record's tree once they are all applied and pruned.
    package var desiredTree: ObjectID

    /// A pending sync with every field given.
    package init(
        pending: Deployment, previous: Deployment?, inventory: [ResourceID], trigger: SyncTrigger, desiredTree: ObjectID
    ) {
        self.pending = pending
        self.previous = previous
        self.inventory = inventory
        self.trigger = trigger
        self.desiredTree = desiredTree
    }
}
