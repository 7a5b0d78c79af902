import Manifests

/// kstatus's rule for Deployments (`deploymentConditions`).
///
/// A Deployment has failed once its `Progressing` condition says
/// `ProgressDeadlineExceeded`. Otherwise it is in progress while the replica
/// counts fall short (total, updated, available, ready) or old Pods are
/// still terminating, while the rollout has not reached
/// `NewReplicaSetAvailable` (checked only when `progressDeadlineSeconds` is
/// set: without it the controller writes no `Progressing` condition), and
/// while `Available` is not `True`. `spec.paused` is not special, as in kstatus.
enum DeploymentHealth {
    /// The controller's sentinel for "no progress deadline" (`math.MaxInt32`).
    static let noDeadline = Int(Int32.max)

    static func compute(_ object: Node) -> Health {
        var progressing = object.integer("spec.progressDeadlineSeconds", otherwise: noDeadline) == noDeadline
        var available = false
        for condition in Condition.all(in: object) {
            switch condition.type {
            case "Progressing":
                if condition.reason == "ProgressDeadlineExceeded" {
                    return .failed(condition.reason, "Progress deadline exceeded")
                }
                if condition.status == "True", condition.reason == "NewReplicaSetAvailable" { progressing = true }
            case "Available":
                if condition.status == "True" { available = true }
            default:
                continue
            }
        }

        let spec = object.integer("spec.replicas", otherwise: 1)
        let replicas = object.integer("status.replicas", otherwise: 0)
        let updated = object.integer("status.updatedReplicas", otherwise: 0)
        let ready = object.integer("status.readyReplicas", otherwise: 0)
        let availableReplicas = object.integer("status.availableReplicas", otherwise: 0)

        if spec > replicas { return .inProgress("LessReplicas", "Replicas: \(replicas)/\(spec)") }
        if spec > updated { return .inProgress("LessUpdated", "Updated: \(updated)/\(spec)") }
        if replicas > spec { return .inProgress("ExtraPods", "Pending termination: \(replicas - spec)") }
        if updated > availableReplicas {
            return .inProgress("LessAvailable", "Available: \(availableReplicas)/\(updated)")
        }
        if spec > ready { return .inProgress("LessReady", "Ready: \(ready)/\(spec)") }
        if !progressing { return .inProgress("ReplicaSetNotAvailable", "ReplicaSet not Available") }
        if !available { return .inProgress("DeploymentNotAvailable", "Deployment not Available") }
        return .current("Deployment is available. Replicas: \(replicas)")
    }
}
