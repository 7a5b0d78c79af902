import Manifests

/// What the scheduler and the one node's kubelet do for a pod, kwok-like: it is bound to the
/// node and runs at once, Ready unless its workload says otherwise (failing on purpose, or
/// waiting out a ready delay). A pod that is not Ready runs containers that are not ready, as a
/// failing readiness probe leaves them.
struct Kubelet {
    let context: ControllerContext
    static let manager = "kubelet"

    /// The status the kubelet reports for `pod`: Running on the node at `podIP`, Ready or not.
    static func status(of pod: Node, ready: Bool, podIP: String) -> Node {
        let previous = pod["status"]
        let started = previous?["startTime"] ?? .string(Clock.timestamp())
        let containers = pod[path: ["spec", "containers"]]?.sequence ?? []
        let statuses = containers.map { container -> Node in
            let running = previous?["containerStatuses"]?.sequence?
                .first { $0["name"]?.string == container["name"]?.string }?[path: ["state", "running"]]
            return .mapping(Mapping([
                "name": container["name"] ?? .string(""), "image": container["image"] ?? .string(""),
                "imageID": .string(""), "ready": .bool(ready), "started": .bool(true), "restartCount": .int(0),
                "state": .mapping(Mapping(["running": running ?? .mapping(Mapping(["startedAt": started]))])),
            ]))
        }
        let names = containers.compactMap { $0["name"]?.string }.joined(separator: " ")
        let oldConditions = previous?["conditions"]?.sequence ?? []
        let conditions = [
            ("PodReadyToStartContainers", true), ("Initialized", true), ("Ready", ready), ("ContainersReady", ready),
            ("PodScheduled", true),
        ].map { type, status -> Node in
            var condition = Mapping()
            condition["type"] = .string(type)
            condition["status"] = .string(status ? "True" : "False")
            condition["lastProbeTime"] = .null
            let old = oldConditions.first { $0["type"]?.string == type }
            let same = old?["status"]?.string == (status ? "True" : "False")
            condition["lastTransitionTime"] = same ? (old?["lastTransitionTime"] ?? started) : .string(Clock.timestamp())
            if !status {
                condition["reason"] = .string("ContainersNotReady")
                condition["message"] = .string("containers with unready status: [\(names)]")
            }
            return .mapping(condition)
        }
        let hostIP = Node.string(nodeAddress)
        return .mapping(Mapping([
            "phase": .string("Running"), "conditions": .sequence(conditions),
            "hostIP": hostIP, "hostIPs": .sequence([.mapping(Mapping(["ip": hostIP]))]),
            "podIP": .string(podIP), "podIPs": .sequence([.mapping(Mapping(["ip": .string(podIP)]))]),
            "startTime": started, "containerStatuses": .sequence(statuses), "qosClass": .string("BestEffort"),
        ]))
    }

    /// The node's address, every pod's `hostIP`.
    static let nodeAddress = "10.0.0.1"

    /// True when the pod reports Ready.
    static func isReady(_ pod: Node) -> Bool {
        (pod[path: ["status", "conditions"]]?.sequence ?? [])
            .contains { $0["type"]?.string == "Ready" && $0["status"]?.string == "True" }
    }

    /// Runs `pod` (scheduling it first when no controller did): writes its status when it
    /// differs from what the kubelet would report; false when the pod changed meanwhile.
    @discardableResult
    func run(_ pod: Node, ready: Bool, podIPs: inout PodIPAllocator) async -> Bool {
        guard pod[path: ["metadata", "deletionTimestamp"]] == nil,
              let type = await context.type("/pods") else { return true }
        var pod = pod
        if pod[path: ["spec", "nodeName"]] == nil {
            // The scheduler binds the pod to the one node.
            pod[path: ["spec", "nodeName"]] = .string(ClusterServer.nodeName)
            guard await context.writeObject(pod, type: type),
                  let bound = await context.store.get(ObjectKey(storageKey: type.storageKey,
                                                                namespace: pod[path: ["metadata", "namespace"]]?.string ?? "",
                                                                name: pod[path: ["metadata", "name"]]?.string ?? ""))
            else { return false }
            pod = bound.object
        }
        let assigned = pod[path: ["status", "podIP"]]?.string
        let podIP = assigned ?? podIPs.allocate()
        let written = await context.writeStatus(pod, type: type, status: Self.status(of: pod, ready: ready, podIP: podIP),
                                                manager: Self.manager)
        if !written && assigned == nil { podIPs.release(podIP) }
        return written
    }
}
