/// What a sync does, or did, to one object: the one vocabulary that diff,
/// status, dry-run and sync print, after Flux's `ssa.Action`.
package enum Action: Sendable, Equatable, CustomStringConvertible {
    /// The object is not in the cluster; it is applied.
    case create
    /// The object differs from what applying would make it; it is applied.
    case configure
    /// Applying would change nothing; it is not applied, so its
    /// `resourceVersion` does not move.
    case unchanged
    /// The object was in the last deployment, carries this environment's
    /// ApplySet label and is no longer rendered; it is deleted.
    case prune
    /// The object is left alone, for the reason given.
    case skip(reason: String)

    /// The word reports print, in the past tense as Flux and kubectl print
    /// it: `created`, `configured`, `unchanged`, `pruned`, `skipped`.
    package var word: String {
        switch self {
        case .create: return "created"
        case .configure: return "configured"
        case .unchanged: return "unchanged"
        case .prune: return "pruned"
        case .skip: return "skipped"
        }
    }

    /// True for the actions that write to the cluster.
    package var changesCluster: Bool {
        switch self {
        case .create, .configure, .prune: return true
        case .unchanged, .skip: return false
        }
    }

    /// The word, and the reason of a skip: `skipped (pruning is off)`.
    package var description: String {
        if case .skip(let reason) = self { return "\(word) (\(reason))" }
        return word
    }
}
