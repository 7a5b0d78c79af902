import Manifests

/// Fills in the fields the API server defaults, so kubectl output, rollout checks and SSA look real.
enum Defaulter {
    static func apply(_ object: Node, type: ResourceType) -> Node {
        var object = object
        if let schema = type.openAPISchema { object = schema.root.applyDefaults(object) }
        switch (type.group, type.kind) {
        case ("apps", "Deployment"):
            object.defaultSpec { spec in
                spec.setDefault("replicas", .int(1))
                spec.setDefault("revisionHistoryLimit", .int(10))
                spec.setDefault("progressDeadlineSeconds", .int(600))
                var strategy = spec["strategy"] ?? .emptyMapping
                strategy.setDefault("type", .string("RollingUpdate"))
                if strategy["type"]?.string == "RollingUpdate" {
                    var rolling = strategy["rollingUpdate"] ?? .emptyMapping
                    rolling.setDefault("maxUnavailable", .string("25%"))
                    rolling.setDefault("maxSurge", .string("25%"))
                    strategy["rollingUpdate"] = rolling
                }
                spec["strategy"] = strategy
                defaultTemplate(&spec, restartPolicy: "Always")
            }
        case ("apps", "StatefulSet"):
            object.defaultSpec { spec in
                spec.setDefault("replicas", .int(1))
                spec.setDefault("revisionHistoryLimit", .int(10))
                spec.setDefault("podManagementPolicy", .string("OrderedReady"))
                var strategy = spec["updateStrategy"] ?? .emptyMapping
                strategy.setDefault("type", .string("RollingUpdate"))
                if strategy["type"]?.string == "RollingUpdate" {
                    var rolling = strategy["rollingUpdate"] ?? .emptyMapping
                    rolling.setDefault("partition", .int(0))
                    strategy["rollingUpdate"] = rolling
                }
                spec["updateStrategy"] = strategy
                var retention = spec["persistentVolumeClaimRetentionPolicy"] ?? .emptyMapping
                retention.setDefault("whenDeleted", .string("Retain"))
                retention.setDefault("whenScaled", .string("Retain"))
                spec["persistentVolumeClaimRetentionPolicy"] = retention
                defaultTemplate(&spec, restartPolicy: "Always")
            }
        case ("apps", "DaemonSet"):
            object.defaultSpec { spec in
                spec.setDefault("revisionHistoryLimit", .int(10))
                var strategy = spec["updateStrategy"] ?? .emptyMapping
                strategy.setDefault("type", .string("RollingUpdate"))
                if strategy["type"]?.string == "RollingUpdate" {
                    var rolling = strategy["rollingUpdate"] ?? .emptyMapping
                    rolling.setDefault("maxUnavailable", .int(1))
                    rolling.setDefault("maxSurge", .int(0))
                    strategy["rollingUpdate"] = rolling
                }
                spec["updateStrategy"] = strategy
                defaultTemplate(&spec, restartPolicy: "Always")
            }
        case ("apps", "ReplicaSet"), ("", "ReplicationController"):
            object.defaultSpec { spec in
                spec.setDefault("replicas", .int(1))
                defaultTemplate(&spec, restartPolicy: "Always")
            }
        case ("batch", "Job"):
            object.defaultSpec { spec in
                spec.setDefault("parallelism", .int(1))
                spec.setDefault("completions", .int(1))
                spec.setDefault("backoffLimit", .int(6))
                spec.setDefault("completionMode", .string("NonIndexed"))
                spec.setDefault("suspend", .bool(false))
                spec.setDefault("manualSelector", .bool(false))
                defaultTemplate(&spec, restartPolicy: "Never")
            }
        case ("batch", "CronJob"):
            object.defaultSpec { spec in
                spec.setDefault("concurrencyPolicy", .string("Allow"))
                spec.setDefault("suspend", .bool(false))
                spec.setDefault("successfulJobsHistoryLimit", .int(3))
                spec.setDefault("failedJobsHistoryLimit", .int(1))
                // The pod template inside the job template is defaulted like any other; the
                // job-level fields are defaulted only when a Job is made from it.
                spec.updateChild("jobTemplate") { jobTemplate in
                    jobTemplate.updateChild("spec") { jobSpec in defaultTemplate(&jobSpec, restartPolicy: "Never") }
                }
            }
        case ("autoscaling", "HorizontalPodAutoscaler"):
            // autoscaling/v2 defaulting: at least one replica, and 80% CPU when no metric is given.
            object.defaultSpec { spec in
                spec.setDefault("minReplicas", .int(1))
                if (spec["metrics"]?.sequence ?? []).isEmpty {
                    spec["metrics"] = .sequence([.mapping(Mapping([
                        "type": .string("Resource"),
                        "resource": .mapping(Mapping([
                            "name": .string("cpu"),
                            "target": .mapping(Mapping(["type": .string("Utilization"), "averageUtilization": .int(80)])),
                        ])),
                    ]))])
                }
            }
        case ("", "Pod"):
            object.defaultSpec { spec in defaultPodSpec(&spec, restartPolicy: "Always") }
        case ("", "Service"):
            object.defaultSpec { spec in
                spec.setDefault("type", .string("ClusterIP"))
                spec.setDefault("sessionAffinity", .string("None"))
                let type = spec["type"]?.string ?? "ClusterIP"
                if type != "ExternalName" { spec.setDefault("internalTrafficPolicy", .string("Cluster")) }
                if type == "NodePort" || type == "LoadBalancer" { spec.setDefault("externalTrafficPolicy", .string("Cluster")) }
                if type == "LoadBalancer" { spec.setDefault("allocateLoadBalancerNodePorts", .bool(true)) }
                spec.modifyList("ports") { port in
                    port.setDefault("protocol", .string("TCP"))
                    if let number = port["port"] { port.setDefault("targetPort", number) }
                }
            }
        case ("", "Secret"):
            object.setDefault("type", .string("Opaque"))
        case ("storage.k8s.io", "StorageClass"):
            object.setDefault("reclaimPolicy", .string("Delete"))
            object.setDefault("volumeBindingMode", .string("Immediate"))
        case ("", "Namespace"):
            if let name = object[path: ["metadata", "name"]]?.string {
                object[path: ["metadata", "labels", "kubernetes.io/metadata.name"]] = .string(name)
            }
            object.defaultSpec { spec in spec.setDefault("finalizers", .sequence([.string("kubernetes")])) }
            if object[path: ["status", "phase"]] == nil { object[path: ["status", "phase"]] = .string("Active") }
        default:
            break
        }
        return object
    }

    private static func defaultTemplate(_ spec: inout Node, restartPolicy: String) {
        spec.updateChild("template") { template in
            template.updateChild("spec") { podSpec in defaultPodSpec(&podSpec, restartPolicy: restartPolicy) }
        }
    }

    static func defaultPodSpec(_ spec: inout Node, restartPolicy: String) {
        spec.setDefault("restartPolicy", .string(restartPolicy))
        spec.setDefault("terminationGracePeriodSeconds", .int(30))
        spec.setDefault("dnsPolicy", .string("ClusterFirst"))
        spec.setDefault("securityContext", .emptyMapping)
        spec.setDefault("schedulerName", .string("default-scheduler"))
        for list in ["containers", "initContainers"] {
            spec.modifyList(list) { container in
                container.setDefault("resources", .emptyMapping)
                container.setDefault("terminationMessagePath", .string("/dev/termination-log"))
                container.setDefault("terminationMessagePolicy", .string("File"))
                let image = container["image"]?.string ?? ""
                let lastPart = image.split(separator: "/").last.map(String.init) ?? image
                let untagged = !lastPart.contains(":") || image.hasSuffix(":latest")
                let pinned = image.contains("@")
                container.setDefault("imagePullPolicy", .string(untagged && !pinned ? "Always" : "IfNotPresent"))
                container.modifyList("ports") { port in port.setDefault("protocol", .string("TCP")) }
                for probe in ["livenessProbe", "readinessProbe", "startupProbe"] where container[probe]?.mapping != nil {
                    container.updateChild(probe) { probe in
                        probe.setDefault("timeoutSeconds", .int(1))
                        probe.setDefault("periodSeconds", .int(10))
                        probe.setDefault("successThreshold", .int(1))
                        probe.setDefault("failureThreshold", .int(3))
                        if probe["httpGet"]?.mapping != nil {
                            probe.updateChild("httpGet") { get in get.setDefault("scheme", .string("HTTP")) }
                        }
                    }
                }
                container.modifyList("env") { variable in
                    guard variable[path: ["valueFrom", "fieldRef"]]?.mapping != nil else { return }
                    variable.updateChild("valueFrom") { from in
                        from.updateChild("fieldRef") { ref in ref.setDefault("apiVersion", .string("v1")) }
                    }
                }
            }
        }
        // Volume sources get their file mode (0644) and downward API references their version.
        spec.modifyList("volumes") { volume in
            for source in ["configMap", "secret", "downwardAPI", "projected"] where volume[source]?.mapping != nil {
                volume.updateChild(source) { source in source.setDefault("defaultMode", .int(420)) }
            }
            if volume["downwardAPI"]?.mapping != nil {
                volume.updateChild("downwardAPI") { api in defaultDownwardItems(&api) }
            }
            if volume["projected"]?.mapping != nil {
                volume.updateChild("projected") { projected in
                    projected.modifyList("sources") { source in
                        if source["serviceAccountToken"]?.mapping != nil {
                            source.updateChild("serviceAccountToken") { token in
                                token.setDefault("expirationSeconds", .int(3600))
                            }
                        }
                        if source["downwardAPI"]?.mapping != nil {
                            source.updateChild("downwardAPI") { api in defaultDownwardItems(&api) }
                        }
                    }
                }
            }
        }
    }

    private static func defaultDownwardItems(_ api: inout Node) {
        api.modifyList("items") { item in
            guard item["fieldRef"]?.mapping != nil else { return }
            item.updateChild("fieldRef") { ref in ref.setDefault("apiVersion", .string("v1")) }
        }
    }
}

extension Node {
    /// Sets `key` when the mapping lacks it.
    mutating func setDefault(_ key: String, _ value: Node) {
        if self[key] == nil { self[key] = value }
    }

    /// Changes `spec` in place, creating it when missing.
    mutating func defaultSpec(_ body: (inout Node) -> Void) {
        updateChild("spec") { spec in
            if spec.mapping != nil { body(&spec) }
        }
    }

    /// Changes the child at `key` in place (created as an empty mapping when missing), keeping
    /// its position and without copying it: the child is moved out while `body` runs.
    mutating func updateChild(_ key: String, _ body: (inout Node) -> Void) {
        guard case .mapping(var mapping) = self else { return }
        self = .null
        if let index = mapping.index(of: key) {
            var child = mapping.entries[index].value
            mapping.entries[index].value = .null
            body(&child)
            mapping.entries[index].value = child
        } else {
            var child = Node.emptyMapping
            body(&child)
            mapping.entries.append(.init(key: Scalar(key), value: child))
        }
        self = .mapping(mapping)
    }

    /// Changes every mapping item of the list at `key`, in place.
    mutating func modifyList(_ key: String, _ body: (inout Node) -> Void) {
        guard self[key]?.sequence != nil else { return }
        updateChild(key) { list in
            list.modifySequence { items in
                for index in items.indices where items[index].mapping != nil { body(&items[index]) }
            }
        }
    }
}
