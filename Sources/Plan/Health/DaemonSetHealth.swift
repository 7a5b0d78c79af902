import Manifests

/// kstatus's rule for DaemonSets (`daemonsetConditions`).
///
/// The DaemonSet controller always writes `status.observedGeneration`, so a
/// DaemonSet without it (or without `metadata.generation`) has not been seen
/// yet and is in progress, where the generic check would let it pass. Then
/// it is in progress until the controller has worked out how many nodes
/// should run it, and while fewer are scheduled, updated, available or ready.
enum DaemonSetHealth {
    static func compute(_ object: Node) -> Health {
        if let missing = GenericHealth.generationsMissing(object) { return missing }
        guard let desired = object.integer("status.desiredNumberScheduled") else {
            return .inProgress("NoDesiredNumber", "Missing .status.desiredNumberScheduled")
        }
        let current = object.integer("status.currentNumberScheduled", otherwise: 0)
        let updated = object.integer("status.updatedNumberScheduled", otherwise: 0)
        let available = object.integer("status.numberAvailable", otherwise: 0)
        let ready = object.integer("status.numberReady", otherwise: 0)

        if desired > current { return .inProgress("LessCurrent", "Current: \(current)/\(desired)") }
        if desired > updated { return .inProgress("LessUpdated", "Updated: \(updated)/\(desired)") }
        if desired > available { return .inProgress("LessAvailable", "Available: \(available)/\(desired)") }
        if desired > ready { return .inProgress("LessReady", "Ready: \(ready)/\(desired)") }
        return .current("All replicas scheduled as expected. Replicas: \(desired)")
    }
}
