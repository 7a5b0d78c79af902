import Git

/// Why a sync runs, which decides what it does with the environment's pin.
package enum SyncTrigger: Sendable, Equatable {
    /// A user asked for it (`git ops sync`): it runs while the environment is pinned, and lifts the pin when it ends.
    case explicit
    /// The agent, a hook or self-heal: refused while the environment is pinned.
    case automatic
    /// A rollback that re-applies the deployment commit `of`: recorded with
    /// `Rollback-Of`, and pins the environment from its write-ahead record on.
    case rollback(of: ObjectID)

    /// The deployment a rollback re-applies, or `nil` for other syncs.
    package var rollbackOf: ObjectID? {
        if case .rollback(let target) = self { return target }
        return nil
    }
}
