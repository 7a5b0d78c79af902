import Manifests

/// kstatus's rule for StatefulSets (`stsConditions`).
///
/// The StatefulSet controller sets no conditions, so only counts and
/// revisions tell: an `OnDelete` StatefulSet is updated by a person and is
/// always current; otherwise it is in progress while replicas are missing,
/// not ready, or in excess. With a `rollingUpdate.partition`, it is current
/// once the Pods at or above the partition are updated; without one, once
/// every Pod is current and the current revision is the update revision.
enum StatefulSetHealth {
    static func compute(_ object: Node) -> Health {
        if object.text("spec.updateStrategy.type") == "OnDelete" {
            return .current("StatefulSet is using the ondelete update strategy")
        }
        let spec = object.integer("spec.replicas", otherwise: 1)
        let ready = object.integer("status.readyReplicas", otherwise: 0)
        let current = object.integer("status.currentReplicas", otherwise: 0)
        let updated = object.integer("status.updatedReplicas", otherwise: 0)
        let replicas = object.integer("status.replicas", otherwise: 0)
        let partition = object.integer("spec.updateStrategy.rollingUpdate.partition", otherwise: -1)

        if spec > replicas { return .inProgress("LessReplicas", "Replicas: \(replicas)/\(spec)") }
        if spec > ready { return .inProgress("LessReady", "Ready: \(ready)/\(spec)") }
        if replicas > spec { return .inProgress("ExtraPods", "Pending termination: \(replicas - spec)") }
        if partition != -1 {
            if updated < spec - partition {
                return .inProgress("PartitionRollout", "updated: \(updated)/\(spec - partition)")
            }
            return .current("Partition rollout complete. updated: \(updated)")
        }
        if spec > current { return .inProgress("LessCurrent", "current: \(current)/\(spec)") }
        if object.text("status.currentRevision") != object.text("status.updateRevision") {
            return .inProgress("RevisionMismatch", "Waiting for updated revision to match current")
        }
        return .current("All replicas scheduled as expected. Replicas: \(replicas)")
    }
}
