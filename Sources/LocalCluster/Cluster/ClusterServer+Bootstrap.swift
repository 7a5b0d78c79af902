import Manifests

/// The objects a fresh cluster holds before anyone writes to it, as kind's does; each is made
/// again at the next start when deleted (upstream's own controllers remake them at once).
extension ClusterServer {
    /// The namespaces every cluster starts with.
    static let bootstrapNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]
    /// kind names its single node after the cluster; the context is `git-ops-local`.
    static let nodeName = "git-ops-local-control-plane"

    static func bootstrap(_ service: ObjectService) async throws {
        let registry = await service.store.registry
        let owner = WriteOptions(fieldManager: "kube-apiserver")
        if let namespaceType = registry.find(group: "", version: "v1", plural: "namespaces") {
            for name in bootstrapNamespaces where await missing(namespaceType, nil, name, service) {
                _ = try await service.create(namespaceType, namespace: nil, object: object("v1", "Namespace", name: name),
                                             options: owner)
            }
        }
        if let serviceType = registry.find(group: "", version: "v1", plural: "services"),
           await missing(serviceType, "default", "kubernetes", service) {
            _ = try await service.create(serviceType, namespace: "default", object: kubernetesService, options: owner)
        }
        if let classType = registry.find(group: "storage.k8s.io", version: "v1", plural: "storageclasses"),
           await missing(classType, nil, "standard", service) {
            _ = try await service.create(classType, namespace: nil, object: standardStorageClass, options: owner)
        }
        if let nodeType = registry.find(group: "", version: "v1", plural: "nodes"), await missing(nodeType, nil, nodeName, service) {
            _ = try await service.create(nodeType, namespace: nil, object: node, options: WriteOptions(fieldManager: "kubelet"))
            _ = try await service.change(nodeType, namespace: nil, name: nodeName, .mergePatch(nodeStatus),
                                         options: WriteOptions(fieldManager: "kubelet", scope: .status))
        }
    }

    private static func missing(_ type: ResourceType, _ namespace: String?, _ name: String, _ service: ObjectService) async -> Bool {
        await service.store.get(ObjectKey(storageKey: type.storageKey, namespace: namespace ?? "", name: name)) == nil
    }

    private static func object(_ apiVersion: String, _ kind: String, name: String, namespace: String? = nil,
                               labels: [String: String] = [:], rest: [String: Node] = [:]) -> Node {
        var metadata = Mapping(["name": .string(name)])
        if let namespace { metadata["namespace"] = .string(namespace) }
        if !labels.isEmpty {
            metadata["labels"] = .mapping(Mapping(labels.sorted { $0.key < $1.key }.map { Mapping.Entry(key: Scalar($0.key), value: .string($0.value)) }))
        }
        var object = Mapping(["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": .mapping(metadata)])
        for (key, value) in rest.sorted(by: { $0.key < $1.key }) { object[key] = value }
        return .mapping(object)
    }

    /// `default/kubernetes`, the Service a real apiserver keeps for itself at the first address
    /// of the service range; `kubectl get svc` and `get all` show it on every cluster.
    static var kubernetesService: Node {
        object("v1", "Service", name: "kubernetes", namespace: "default",
               labels: ["component": "apiserver", "provider": "kubernetes"],
               rest: ["spec": .mapping(Mapping([
                   "type": .string("ClusterIP"), "clusterIP": .string("10.96.0.1"),
                   "ports": .sequence([.mapping(Mapping([
                       "name": .string("https"), "port": .int(443), "protocol": .string("TCP"), "targetPort": .int(6443),
                   ]))]),
                   "sessionAffinity": .string("None"),
               ]))])
    }

    /// kind's default StorageClass, its local-path provisioner binding a volume once a pod uses it.
    static var standardStorageClass: Node {
        var object = object("storage.k8s.io/v1", "StorageClass", name: "standard", rest: [
            "provisioner": .string("rancher.io/local-path"), "reclaimPolicy": .string("Delete"),
            "volumeBindingMode": .string("WaitForFirstConsumer"),
        ])
        object[path: ["metadata", "annotations"]] = .mapping(Mapping(["storageclass.kubernetes.io/is-default-class": .string("true")]))
        return object
    }

    /// The node the simulated pods run on (their `hostIP` is its address), a schedulable control plane.
    static var node: Node {
        object("v1", "Node", name: nodeName, labels: [
            "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": nodeName, "kubernetes.io/os": "linux", "node-role.kubernetes.io/control-plane": "",
        ], rest: ["spec": .mapping(Mapping(["podCIDR": .string("10.244.0.0/24"), "podCIDRs": .sequence([.string("10.244.0.0/24")])]))])
    }

    static var nodeStatus: Node {
        let now = Node.string(Clock.timestamp())
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> Node {
            .mapping(Mapping([
                "type": .string(type), "status": .string(status), "lastHeartbeatTime": now, "lastTransitionTime": now,
                "reason": .string(reason), "message": .string(message),
            ]))
        }
        let resources = Node.mapping(Mapping([
            "cpu": .string("4"), "ephemeral-storage": .string("100Gi"), "memory": .string("16Gi"), "pods": .string("110"),
        ]))
        return .mapping(Mapping(["status": .mapping(Mapping([
            "capacity": resources, "allocatable": resources,
            "conditions": .sequence([
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ]),
            "addresses": .sequence([
                .mapping(Mapping(["type": .string("InternalIP"), "address": .string("10.0.0.1")])),
                .mapping(Mapping(["type": .string("Hostname"), "address": .string(nodeName)])),
            ]),
            "nodeInfo": .mapping(Mapping([
                "architecture": .string("amd64"), "operatingSystem": .string("linux"),
                "kubeletVersion": .string(ClusterAPI.versionGitVersion), "kubeProxyVersion": .string(ClusterAPI.versionGitVersion),
                "containerRuntimeVersion": .string("containerd://1.7.24"), "osImage": .string("Debian GNU/Linux 12 (bookworm)"),
                "kernelVersion": .string("6.1.0"), "machineID": .string(""), "systemUUID": .string(""), "bootID": .string(""),
            ])),
        ]))]))
    }
}
