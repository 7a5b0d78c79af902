import Manifests

/// Runs a StatefulSet's pods `<name>-0` … `<name>-(n-1)`, kwok-like: each with its ordinal's
/// labels and hostname, Running at once and Ready unless the StatefulSet says otherwise. Under
/// `OrderedReady` a pod is made only once those before it are Ready; pods beyond `replicas` go,
/// highest first; a new template replaces the pods at or above the partition (all at once,
/// not one by one as upstream waits).
struct StatefulSetController {
    let context: ControllerContext

    static let revisionLabel = "controller-revision-hash"

    /// Reconciles one StatefulSet; `pods` are the keys of pods it may control. Returns when to
    /// look again, if a pod waits out a ready delay.
    func reconcile(_ statefulSet: Node, type: ResourceType, pods keys: Set<ObjectKey>,
                   firstSeen: [ObjectKey: ContinuousClock.Instant], ledger: inout PodLedger) async -> Duration? {
        guard statefulSet[path: ["metadata", "deletionTimestamp"]] == nil,
              let name = statefulSet[path: ["metadata", "name"]]?.string,
              let namespace = statefulSet[path: ["metadata", "namespace"]]?.string else { return nil }
        let control = PodControl(context: context)
        let readiness = PodControl.Readiness(statefulSet)
        let replicas = ControllerContext.int(statefulSet[path: ["spec", "replicas"]], default: 1)
        let revision = "\(name)-\(ControllerContext.templateHash(statefulSet[path: ["spec", "template"]]))"
        let ordered = statefulSet[path: ["spec", "podManagementPolicy"]]?.string != "Parallel"
        let partition = statefulSet[path: ["spec", "updateStrategy", "type"]]?.string == "OnDelete" ? Int.max
            : ControllerContext.int(statefulSet[path: ["spec", "updateStrategy", "rollingUpdate", "partition"]])
        // Pod names are the ordinals', so the pods are found by name too, events or not.
        let named = (0..<replicas).map { ObjectKey(storageKey: "/pods", namespace: namespace, name: "\(name)-\($0)") }
        var pods: [Int: (object: Node, since: ContinuousClock.Instant)] = [:]
        for pod in await control.pods(of: statefulSet, among: keys.union(named)) {
            guard let ordinal = Int(pod.key.name.dropFirst(name.count + 1)), pod.key.name.hasPrefix(name + "-") else { continue }
            let outdated = pod.object[path: ["metadata", "labels", Self.revisionLabel]]?.string != revision
            if ordinal >= replicas || (ordinal >= partition && outdated) {
                await control.delete(pod.key)
            } else {
                pods[ordinal] = (pod.object, firstSeen[pod.key] ?? .now)
            }
        }

        let kubelet = Kubelet(context: context)
        var again: Duration?
        var ready = 0
        // OrderedReady: no pod is made after one that is not Ready.
        var blocked = false
        for ordinal in 0..<replicas {
            if pods[ordinal] == nil && !blocked {
                guard let pod = await control.create(from: statefulSet, name: "\(name)-\(ordinal)", labels: [
                    "apps.kubernetes.io/pod-index": String(ordinal), Self.revisionLabel: revision,
                    "statefulset.kubernetes.io/pod-name": "\(name)-\(ordinal)",
                ], spec: { spec in
                    spec["hostname"] = .string("\(name)-\(ordinal)")
                    if let service = statefulSet[path: ["spec", "serviceName"]]?.string, !service.isEmpty {
                        spec["subdomain"] = .string(service)
                    }
                }) else { break }
                pods[ordinal] = (pod, .now)
            }
            guard let pod = pods[ordinal] else { continue }
            let judged = readiness.judge(since: pod.since)
            if let wait = judged.wait { again = min(again ?? wait, wait) }
            await kubelet.run(pod.object, ready: judged.ready, podIPs: &ledger.addresses)
            if judged.ready { ready += 1 } else if ordered { blocked = true }
        }

        let updated = pods.values.filter { $0.object[path: ["metadata", "labels", Self.revisionLabel]]?.string == revision }.count
        let previous = statefulSet["status"] ?? .emptyMapping
        let complete = updated == replicas && ready == replicas
        let current = complete ? revision : previous["currentRevision"]?.string ?? revision
        var status = Mapping()
        status["observedGeneration"] = .int(ControllerContext.int(statefulSet[path: ["metadata", "generation"]], default: 1))
        status["replicas"] = .int(pods.count)
        status["readyReplicas"] = .int(ready)
        status["currentReplicas"] = .int(pods.values.filter {
            $0.object[path: ["metadata", "labels", Self.revisionLabel]]?.string == current
        }.count)
        status["updatedReplicas"] = .int(updated)
        status["availableReplicas"] = .int(ready)
        status["currentRevision"] = .string(current)
        status["updateRevision"] = .string(revision)
        status["collisionCount"] = .int(0)
        await context.writeStatus(statefulSet, type: type, status: .mapping(status))
        return again
    }
}
