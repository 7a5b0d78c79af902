import Manifests

/// How the workload controllers make and remove their pods (upstream's `PodControl` and
/// `GetPodFromTemplate`): a pod is its owner's template with the owner as its controller,
/// already bound to the one node, as the scheduler would bind it.
struct PodControl {
    let context: ControllerContext

    /// The controller's readiness rules for its pods: `ready-delay` and `fail-rollout` of the
    /// object that carries them (a Deployment for its ReplicaSets' pods).
    struct Readiness {
        var fails: Bool
        var delay: Duration

        init(_ workload: Node) {
            fails = ControllerContext.fails(workload)
            delay = ControllerContext.readyDelay(workload)
        }

        /// Whether a pod first seen at `since` is Ready now, and if not yet, how long until it is.
        func judge(since: ContinuousClock.Instant) -> (ready: Bool, wait: Duration?) {
            if fails { return (false, nil) }
            let elapsed = since.duration(to: .now)
            return elapsed >= delay ? (true, nil) : (false, max(delay - elapsed, .milliseconds(10)))
        }
    }

    static func controllerReference(_ owner: Node) -> Node {
        .mapping(Mapping([
            "apiVersion": owner["apiVersion"] ?? .string(""), "kind": owner["kind"] ?? .string(""),
            "name": owner[path: ["metadata", "name"]] ?? .string(""), "uid": owner[path: ["metadata", "uid"]] ?? .string(""),
            "controller": .bool(true), "blockOwnerDeletion": .bool(true),
        ]))
    }

    /// The kinds whose controllers make and run their pods here.
    static let podControllers: Set<String> = ["ReplicaSet", "StatefulSet", "DaemonSet"]

    /// True when a workload controller runs this pod (it judges its readiness).
    static func isRunByController(_ pod: Node) -> Bool {
        (pod[path: ["metadata", "ownerReferences"]]?.sequence ?? []).contains { reference in
            reference["controller"]?.text == "true" && reference["apiVersion"]?.string == "apps/v1"
                && podControllers.contains(reference["kind"]?.string ?? "")
        }
    }

    /// The uid of the object's controller (its owner reference with `controller: true`).
    static func controllerUID(_ object: Node) -> String? {
        (object[path: ["metadata", "ownerReferences"]]?.sequence ?? [])
            .first { $0["controller"]?.text == "true" }?["uid"]?.string
    }

    /// The pods among `keys` that `owner` controls and that are not being deleted, oldest first.
    func pods(of owner: Node, among keys: Set<ObjectKey>) async -> [StoredObject] {
        guard let uid = owner[path: ["metadata", "uid"]]?.string else { return [] }
        var result: [StoredObject] = []
        for key in keys where key.storageKey == "/pods" {
            guard let pod = await context.store.get(key), Self.controllerUID(pod.object) == uid,
                  pod.object[path: ["metadata", "deletionTimestamp"]] == nil else { continue }
            result.append(pod)
        }
        return result.sorted {
            ($0.object[path: ["metadata", "creationTimestamp"]]?.string ?? "", $0.key.name)
                < ($1.object[path: ["metadata", "creationTimestamp"]]?.string ?? "", $1.key.name)
        }
    }

    /// Creates a pod from `owner`'s `spec.template`, named `name` or generated from the owner's
    /// name; `labels` are added to the template's. Returns the stored pod, or nil when refused
    /// (a terminating namespace, a name taken).
    func create(from owner: Node, name: String?, labels: [String: String] = [:], spec adjust: (inout Node) -> Void = { _ in })
        async -> Node? {
        guard let type = await context.type("/pods"),
              let namespace = owner[path: ["metadata", "namespace"]]?.string,
              let ownerName = owner[path: ["metadata", "name"]]?.string else { return nil }
        let template = owner[path: ["spec", "template"]] ?? .emptyMapping
        var metadata = template["metadata"]?.mapping ?? Mapping()
        if let name { metadata["name"] = .string(name) } else { metadata["generateName"] = .string(ownerName + "-") }
        metadata["namespace"] = .string(namespace)
        var podLabels = metadata["labels"]?.mapping ?? Mapping()
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) { podLabels[key] = .string(value) }
        if !podLabels.isEmpty { metadata["labels"] = .mapping(podLabels) }
        metadata["ownerReferences"] = .sequence([Self.controllerReference(owner)])
        var spec = template["spec"] ?? .emptyMapping
        spec["nodeName"] = .string(ClusterServer.nodeName)
        adjust(&spec)
        let pod = Node.mapping(Mapping([
            "apiVersion": .string("v1"), "kind": .string("Pod"), "metadata": .mapping(metadata), "spec": spec,
        ]))
        return try? await context.service.create(type, namespace: namespace, object: pod,
                                                 options: WriteOptions(fieldManager: ControllerContext.manager)).object
    }

    func delete(_ pod: ObjectKey) async {
        guard let type = await context.type("/pods") else { return }
        _ = try? await context.service.delete(type, namespace: pod.namespace, name: pod.name,
                                              options: DeleteOptions(propagation: .background))
    }

    static func key(of pod: Node) -> ObjectKey {
        ObjectKey(storageKey: "/pods", namespace: pod[path: ["metadata", "namespace"]]?.string ?? "",
                  name: pod[path: ["metadata", "name"]]?.string ?? "")
    }
}
