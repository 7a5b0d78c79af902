import Manifests

/// A Deployment's replica counts, summed from its ReplicaSets' statuses as upstream's
/// `calculateStatus` sums them: pods that exist, are up to date, ready and available.
struct ReplicaCounts {
    var total = 0
    var updated = 0
    var ready = 0
    var available = 0
    /// The ReplicaSets' `spec.replicas`, summed: what `unavailableReplicas` is counted against.
    var wanted = 0
    /// True when the new ReplicaSet's status describes its current spec.
    var newObserved = false

    init(_ replicaSets: [StoredObject], newReplicaSet name: String) {
        for replicaSet in replicaSets {
            let object = replicaSet.object
            let replicas = ControllerContext.int(object[path: ["status", "replicas"]])
            total += replicas
            ready += ControllerContext.int(object[path: ["status", "readyReplicas"]])
            available += ControllerContext.int(object[path: ["status", "availableReplicas"]])
            wanted += ControllerContext.int(object[path: ["spec", "replicas"]], default: 1)
            if replicaSet.key.name == name {
                updated = replicas
                newObserved = ControllerContext.int(object[path: ["status", "observedGeneration"]])
                    >= ControllerContext.int(object[path: ["metadata", "generation"]], default: 1)
            }
        }
    }

    /// All `replicas` pods are the new ReplicaSet's and available, and no old pod is left.
    func rolledOut(replicas: Int) -> Bool {
        newObserved && updated == replicas && available >= replicas && total == replicas
    }

    /// The Deployment status fields these counts give (zeros left out, as upstream's omitempty does).
    var status: Mapping {
        var status = Mapping()
        status["replicas"] = total > 0 ? .int(total) : nil
        status["updatedReplicas"] = updated > 0 ? .int(updated) : nil
        status["readyReplicas"] = ready > 0 ? .int(ready) : nil
        status["availableReplicas"] = available > 0 ? .int(available) : nil
        status["unavailableReplicas"] = wanted > available ? .int(wanted - available) : nil
        return status
    }
}
