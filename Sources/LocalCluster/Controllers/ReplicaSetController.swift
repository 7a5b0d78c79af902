import Manifests

/// Keeps `spec.replicas` pods of each ReplicaSet running, kwok-like: pods are made from the
/// template, bound to the node and Running at once, Ready unless the workload that carries the
/// readiness annotations (its Deployment, or the ReplicaSet itself) says otherwise; the status
/// counts them.
struct ReplicaSetController {
    let context: ControllerContext

    /// Reconciles one ReplicaSet; `pods` are the keys of the pods it may control, `firstSeen`
    /// when the loop first saw each. Returns when to look again, if a pod waits out a ready delay.
    func reconcile(_ replicaSet: Node, type: ResourceType, pods keys: Set<ObjectKey>,
                   firstSeen: [ObjectKey: ContinuousClock.Instant], ledger: inout PodLedger) async -> Duration? {
        guard replicaSet[path: ["metadata", "deletionTimestamp"]] == nil,
              let uid = replicaSet[path: ["metadata", "uid"]]?.string else { return nil }
        let control = PodControl(context: context)
        let readiness = PodControl.Readiness(await readinessSource(of: replicaSet))
        let replicas = ControllerContext.int(replicaSet[path: ["spec", "replicas"]], default: 1)
        var pods = await control.pods(of: replicaSet, among: keys).map { (object: $0.object, since: firstSeen[$0.key] ?? .now) }

        if pods.count > replicas {
            // Not-ready pods go first, then the newest, as upstream's ranking mostly has it.
            let ranked = pods.enumerated().sorted { lhs, rhs in
                let (left, right) = (Kubelet.isReady(lhs.element.object), Kubelet.isReady(rhs.element.object))
                return left != right ? !left : lhs.offset > rhs.offset
            }
            let doomed = Set(ranked.prefix(pods.count - replicas).map(\.offset))
            for index in doomed.sorted() {
                await control.delete(PodControl.key(of: pods[index].object))
            }
            pods = pods.enumerated().filter { !doomed.contains($0.offset) }.map(\.element)
        }
        while pods.count < replicas, let pod = await control.create(from: replicaSet, name: nil) {
            ledger.created(PodControl.key(of: pod), by: uid)
            pods.append((pod, .now))
        }

        let kubelet = Kubelet(context: context)
        var ready = 0
        var again: Duration?
        for pod in pods {
            let judged = readiness.judge(since: pod.since)
            if let wait = judged.wait { again = min(again ?? wait, wait) }
            await kubelet.run(pod.object, ready: judged.ready, podIPs: &ledger.addresses)
            if judged.ready { ready += 1 }
        }
        var status = Mapping()
        status["replicas"] = .int(pods.count)
        if !pods.isEmpty { status["fullyLabeledReplicas"] = .int(pods.count) }
        if ready > 0 {
            status["readyReplicas"] = .int(ready)
            status["availableReplicas"] = .int(ready)
        }
        status["observedGeneration"] = .int(ControllerContext.int(replicaSet[path: ["metadata", "generation"]], default: 1))
        await context.writeStatus(replicaSet, type: type, status: .mapping(status))
        return again
    }

    /// The object whose `fail-rollout` and `ready-delay` annotations rule the pods: the
    /// Deployment that controls the ReplicaSet, else the ReplicaSet.
    private func readinessSource(of replicaSet: Node) async -> Node {
        guard let owner = (replicaSet[path: ["metadata", "ownerReferences"]]?.sequence ?? [])
            .first(where: { $0["controller"]?.text == "true" && $0["kind"]?.string == "Deployment" }),
              let name = owner["name"]?.string, let namespace = replicaSet[path: ["metadata", "namespace"]]?.string,
              let deployment = await context.store.get(ObjectKey(storageKey: "apps/deployments", namespace: namespace, name: name)),
              deployment.object[path: ["metadata", "uid"]]?.string == owner["uid"]?.string
        else { return replicaSet }
        return deployment.object
    }
}
