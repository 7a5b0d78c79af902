import Manifests

/// Runs a DaemonSet's pod on the cluster's one node, kwok-like: made from the template with the
/// hash and generation labels, the node affinity and the tolerations upstream's controller adds,
/// Running at once and Ready unless the DaemonSet says otherwise. A node its `nodeSelector`
/// does not match gets none; a new template replaces the pod (`OnDelete` waits for it to go).
struct DaemonSetController {
    let context: ControllerContext

    /// The tolerations every daemon pod gets (upstream's `AddOrUpdateDaemonPodTolerations`, in its
    /// order; `network-unavailable` only for host-network pods).
    static let tolerations: [(key: String, effect: String)] = [
        ("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"), ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"), ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ]

    /// Reconciles one DaemonSet; `pods` are the keys of pods it may control. Returns when to look
    /// again, if its pod waits out a ready delay.
    func reconcile(_ daemonSet: Node, type: ResourceType, pods keys: Set<ObjectKey>,
                   firstSeen: [ObjectKey: ContinuousClock.Instant], ledger: inout PodLedger) async -> Duration? {
        guard daemonSet[path: ["metadata", "deletionTimestamp"]] == nil,
              let uid = daemonSet[path: ["metadata", "uid"]]?.string else { return nil }
        let control = PodControl(context: context)
        let hash = ControllerContext.templateHash(daemonSet[path: ["spec", "template"]])
        let generation = ControllerContext.int(daemonSet[path: ["metadata", "generation"]], default: 1)
        let replaces = daemonSet[path: ["spec", "updateStrategy", "type"]]?.string != "OnDelete"
        let desired = await fitsNode(daemonSet) ? 1 : 0
        var pods: [(object: Node, since: ContinuousClock.Instant)] = []
        for pod in await control.pods(of: daemonSet, among: keys) {
            let outdated = pod.object[path: ["metadata", "labels", StatefulSetController.revisionLabel]]?.string != hash
            if pods.count >= desired || (replaces && outdated) {
                await control.delete(pod.key)
            } else {
                pods.append((pod.object, firstSeen[pod.key] ?? .now))
            }
        }
        if pods.count < desired, let pod = await control.create(from: daemonSet, name: nil, labels: [
            StatefulSetController.revisionLabel: hash, "pod-template-generation": String(generation),
        ], spec: Self.bindToNode) {
            ledger.created(PodControl.key(of: pod), by: uid)
            pods.append((pod, .now))
        }

        let readiness = PodControl.Readiness(daemonSet)
        let kubelet = Kubelet(context: context)
        var again: Duration?
        var ready = 0
        for pod in pods {
            let judged = readiness.judge(since: pod.since)
            if let wait = judged.wait { again = min(again ?? wait, wait) }
            await kubelet.run(pod.object, ready: judged.ready, podIPs: &ledger.addresses)
            if judged.ready { ready += 1 }
        }
        let updated = pods.filter { $0.object[path: ["metadata", "labels", StatefulSetController.revisionLabel]]?.string == hash }
        var status = Mapping()
        status["currentNumberScheduled"] = .int(pods.count)
        status["desiredNumberScheduled"] = .int(desired)
        status["numberMisscheduled"] = .int(0)
        status["numberReady"] = .int(ready)
        status["numberAvailable"] = ready > 0 ? .int(ready) : nil
        status["numberUnavailable"] = desired > ready ? .int(desired - ready) : nil
        status["updatedNumberScheduled"] = updated.isEmpty ? nil : .int(updated.count)
        status["observedGeneration"] = .int(generation)
        await context.writeStatus(daemonSet, type: type, status: .mapping(status))
        return again
    }

    /// True when the node has every label of the template's `nodeSelector`.
    private func fitsNode(_ daemonSet: Node) async -> Bool {
        let selector = Validator.labels(of: daemonSet, at: ["spec", "template", "spec", "nodeSelector"])
        guard !selector.isEmpty else { return true }
        let node = await context.store.get(ObjectKey(storageKey: "/nodes", namespace: "", name: ClusterServer.nodeName))
        let labels = node.map { Validator.labels(of: $0.object, at: ["metadata", "labels"]) } ?? [:]
        return selector.allSatisfy { labels[$0.key] == $0.value }
    }

    /// What upstream's controller adds to a daemon pod's spec: a required node affinity for its
    /// node (in place of any required terms) and the daemon tolerations it lacks.
    static func bindToNode(_ spec: inout Node) {
        let term = Node.mapping(Mapping(["matchFields": .sequence([.mapping(Mapping([
            "key": .string("metadata.name"), "operator": .string("In"), "values": .sequence([.string(ClusterServer.nodeName)]),
        ]))])]))
        spec[path: ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]] =
            .sequence([term])
        var tolerations = spec["tolerations"]?.sequence ?? []
        var wanted = Self.tolerations
        if spec["hostNetwork"]?.text == "true" { wanted.append(("node.kubernetes.io/network-unavailable", "NoSchedule")) }
        for (key, effect) in wanted where !tolerations.contains(where: { $0["key"]?.string == key && $0["effect"]?.string == effect }) {
            tolerations.append(.mapping(Mapping([
                "key": .string(key), "operator": .string("Exists"), "effect": .string(effect),
            ])))
        }
        spec["tolerations"] = .sequence(tolerations)
    }
}
