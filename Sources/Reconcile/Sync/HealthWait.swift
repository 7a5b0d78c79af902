import Foundation
import Manifests
import Plan

/// Waits until every applied object is healthy after kstatus, or the time is
/// up, or one has failed for good: what decides `succeeded` or `unhealthy`.
struct HealthWait {
    let view: ClusterView
    let keys: [ObjectKey]
    /// The ApplySet's label selector, to list the objects rather than read each.
    let selector: String
    let deadline: ContinuousClock.Instant
    /// Told how many objects are still waited for, each poll.
    var progress: (@Sendable (SyncProgress) -> Void)?

    /// The objects not healthy when the wait ended; empty when all are.
    /// `observed`, when given, is a fresh enough view of every key to judge
    /// first (a sync that changed nothing judges what its plan just read).
    func run(observed: [ObjectKey: Node]? = nil) async throws -> [(key: ObjectKey, health: Health)] {
        var observed = observed
        while true {
            let live: [ObjectKey: Node]
            if let first = observed {
                live = first
                observed = nil
            } else {
                live = try await view.live(keys, selector: selector)
            }
            let states = keys.map { ($0, Health.compute(live[$0], now: Date())) }
            let waiting = states.filter { $0.1.status != .current }
            if !waiting.isEmpty { progress?(.waiting(remaining: waiting.count, total: keys.count)) }
            // A failed object (a rollout past its deadline, a failed Job) will not get better by waiting.
            if waiting.isEmpty || waiting.contains(where: { $0.1.status == .failed }) || ContinuousClock.now >= deadline {
                return waiting.map { (key: $0.0, health: $0.1) }
            }
            try await Task.sleep(for: .milliseconds(300))
        }
    }
}
