/// Where a running sync is, for a progress display: each step reports as it
/// goes, and the caller decides whether anyone sees it (a terminal does, a
/// pipe does not).
package enum SyncProgress: Sendable, Equatable {
    /// Reading the cluster and comparing.
    case planning
    /// Server-side applies done of those to make.
    case applying(done: Int, total: Int)
    /// Deletions done of those to make.
    case pruning(done: Int, total: Int)
    /// Objects not yet healthy, of those applied.
    case waiting(remaining: Int, total: Int)

    /// A few words for a status line: `applying 120/1222`.
    package var words: String {
        switch self {
        case .planning: "planning"
        case .applying(let done, let total): "applying \(done)/\(total)"
        case .pruning(let done, let total): "pruning \(done)/\(total)"
        case .waiting(let remaining, let total): "waiting for \(remaining) of \(total) to be healthy"
        }
    }
}

/// Receives a sync's progress: the environment and the step.
package typealias SyncProgressHandler = @Sendable (_ environment: String, _ step: SyncProgress) -> Void
