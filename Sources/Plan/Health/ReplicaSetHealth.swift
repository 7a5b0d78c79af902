import Manifests

/// kstatus's rule for ReplicaSets (`replicasetConditions`).
///
/// `ReplicaFailure=True` (Pods cannot be created: a quota, a missing
/// ServiceAccount) is in progress, not failed: kstatus cannot tell whether
/// the cause will go away. Otherwise it is in progress while fewer replicas
/// are labelled, available or ready than asked, or old ones still terminate.
enum ReplicaSetHealth {
    static func compute(_ object: Node) -> Health {
        if Condition.first("ReplicaFailure", status: "True", in: Condition.all(in: object)) != nil {
            return .inProgress("ReplicaFailure", "Replica Failure condition. Check Pods")
        }
        let spec = object.integer("spec.replicas", otherwise: 1)
        let replicas = object.integer("status.replicas", otherwise: 0)
        let ready = object.integer("status.readyReplicas", otherwise: 0)
        let available = object.integer("status.availableReplicas", otherwise: 0)
        let labelled = object.integer("status.fullyLabeledReplicas", otherwise: 0)

        if spec > labelled { return .inProgress("LessLabelled", "Labelled: \(labelled)/\(spec)") }
        if spec > available { return .inProgress("LessAvailable", "Available: \(available)/\(spec)") }
        if spec > ready { return .inProgress("LessReady", "Ready: \(ready)/\(spec)") }
        if replicas > spec { return .inProgress("ExtraPods", "Pending termination: \(replicas - spec)") }
        return .current("ReplicaSet is available. Replicas: \(replicas)")
    }
}
