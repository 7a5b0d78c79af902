import Manifests

/// Server-side `Table` responses for `kubectl get` (kube-api.md §10).
struct TableBuilder {
    let type: ResourceType
    /// `includeObject`: None, Metadata (default) or Object.
    let includeObject: String

    static let contentType = "application/json;as=Table;v=v1;g=meta.k8s.io"

    static func wantsTable(_ accept: String?) -> Bool {
        accept?.split(separator: ",").first.map { $0.contains("as=Table") } ?? false
    }

    struct Column {
        var name: String
        var type: String
        var priority = 0
        var value: (Node) -> Node
    }

    func table(_ objects: [Node], resourceVersion: String, continueToken: String? = nil, remaining: Int? = nil) -> Node {
        let columns = self.columns
        var metadata = Mapping(["resourceVersion": .string(resourceVersion)])
        if let continueToken { metadata["continue"] = .string(continueToken) }
        if let remaining { metadata["remainingItemCount"] = .int(remaining) }
        let definitions = columns.map { column in
            Node.mapping(Mapping([
                "name": .string(column.name), "type": .string(column.type),
                "format": .string(column.name == "Name" ? "name" : ""), "description": .string(column.name),
                "priority": .int(column.priority),
            ]))
        }
        let rows = objects.map { object -> Node in
            var row = Mapping(["cells": .sequence(columns.map { $0.value(object) })])
            switch includeObject {
            case "None": break
            case "Object": row["object"] = object
            default:
                var meta = object["metadata"] ?? .emptyMapping
                meta["managedFields"] = nil
                row["object"] = .mapping(Mapping([
                    "kind": .string("PartialObjectMetadata"), "apiVersion": .string("meta.k8s.io/v1"), "metadata": meta,
                ]))
            }
            return .mapping(row)
        }
        return .mapping(Mapping([
            "kind": .string("Table"), "apiVersion": .string("meta.k8s.io/v1"), "metadata": .mapping(metadata),
            "columnDefinitions": .sequence(definitions), "rows": .sequence(rows),
        ]))
    }

    private var columns: [Column] {
        let isStorageClass = type.group == "storage.k8s.io" && type.kind == "StorageClass"
        let name = Column(name: "Name", type: "string") { object in
            let name = object[path: ["metadata", "name"]] ?? .string("")
            // Upstream's printer marks the default class in its name column.
            guard isStorageClass, Self.isDefaultStorageClass(object), let text = name.string else { return name }
            return .string(text + " (default)")
        }
        let age = Column(name: "Age", type: "string") { object in
            .string(Self.age(object[path: ["metadata", "creationTimestamp"]]?.string))
        }
        func int(_ path: [String], default value: Int = 0) -> (Node) -> Node {
            { object in .int(Int(object[path: path]?.text ?? "") ?? value) }
        }
        func text(_ path: [String], default value: String = "<none>") -> (Node) -> Node {
            { object in .string(object[path: path]?.text ?? value) }
        }
        // Columns shown only with `-o wide` (priority 1), after Age, as upstream's printers put them.
        func wide(_ name: String, _ value: @escaping (Node) -> Node) -> Column {
            Column(name: name, type: "string", priority: 1, value: value)
        }
        let containers = { (path: [String]) in
            wide("Containers") { .string(Self.joined($0[path: path + ["containers"]], "name")) }
        }
        let images = { (path: [String]) in
            wide("Images") { .string(Self.joined($0[path: path + ["containers"]], "image")) }
        }
        let selector = wide("Selector") { .string(Self.selectorText($0[path: ["spec", "selector"]])) }
        let createdAt = Column(name: "Created At", type: "date") { $0[path: ["metadata", "creationTimestamp"]] ?? .string("") }
        let podSpec = ["spec", "template", "spec"]
        var middle: [Column] = []
        var trailing: [Column] = []
        switch (type.group, type.kind) {
        case ("apps", "Deployment"):
            middle = [
                Column(name: "Ready", type: "string") { object in
                    .string("\(object[path: ["status", "readyReplicas"]]?.text ?? "0")/\(object[path: ["spec", "replicas"]]?.text ?? "1")")
                },
                Column(name: "Up-to-date", type: "integer", value: int(["status", "updatedReplicas"])),
                Column(name: "Available", type: "integer", value: int(["status", "availableReplicas"])),
            ]
            trailing = [containers(podSpec), images(podSpec), selector]
        case ("apps", "ReplicaSet"):
            middle = [
                Column(name: "Desired", type: "integer", value: int(["spec", "replicas"], default: 1)),
                Column(name: "Current", type: "integer", value: int(["status", "replicas"])),
                Column(name: "Ready", type: "integer", value: int(["status", "readyReplicas"])),
            ]
            trailing = [containers(podSpec), images(podSpec), selector]
        case ("apps", "StatefulSet"):
            middle = [Column(name: "Ready", type: "string") { object in
                .string("\(object[path: ["status", "readyReplicas"]]?.text ?? "0")/\(object[path: ["spec", "replicas"]]?.text ?? "1")")
            }]
            trailing = [containers(podSpec), images(podSpec)]
        case ("apps", "DaemonSet"):
            middle = [
                Column(name: "Desired", type: "integer", value: int(["status", "desiredNumberScheduled"])),
                Column(name: "Current", type: "integer", value: int(["status", "currentNumberScheduled"])),
                Column(name: "Ready", type: "integer", value: int(["status", "numberReady"])),
                Column(name: "Up-to-date", type: "integer", value: int(["status", "updatedNumberScheduled"])),
                Column(name: "Available", type: "integer", value: int(["status", "numberAvailable"])),
                Column(name: "Node Selector", type: "string") { .string(Self.pairs($0[path: podSpec + ["nodeSelector"]])) },
            ]
            trailing = [containers(podSpec), images(podSpec), selector]
        case ("", "Pod"):
            middle = [
                Column(name: "Ready", type: "string") { object in
                    let statuses = object[path: ["status", "containerStatuses"]]?.sequence ?? []
                    let ready = statuses.filter { $0["ready"]?.text == "true" }.count
                    return .string("\(ready)/\(object[path: ["spec", "containers"]]?.sequence?.count ?? 0)")
                },
                Column(name: "Status", type: "string", value: text(["status", "phase"], default: "Pending")),
                Column(name: "Restarts", type: "string") { _ in .string("0") },
            ]
            trailing = [
                wide("IP", text(["status", "podIP"])), wide("Node", text(["spec", "nodeName"])),
                wide("Nominated Node", text(["status", "nominatedNodeName"])), wide("Readiness Gates") { _ in .string("<none>") },
            ]
        case ("", "Node"):
            middle = [
                Column(name: "Status", type: "string") { object in
                    let ready = (object[path: ["status", "conditions"]]?.sequence ?? []).first { $0["type"]?.string == "Ready" }
                    let status = ready?["status"]?.string == "True" ? "Ready" : ready == nil ? "Unknown" : "NotReady"
                    return .string(object[path: ["spec", "unschedulable"]]?.text == "true" ? status + ",SchedulingDisabled" : status)
                },
                Column(name: "Roles", type: "string") { object in
                    let prefix = "node-role.kubernetes.io/"
                    let roles = (object[path: ["metadata", "labels"]]?.mapping?.keys ?? [])
                        .filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
                    return .string(roles.isEmpty ? "<none>" : roles.joined(separator: ","))
                },
            ]
            let address = { (kind: String) in
                wide(kind == "InternalIP" ? "Internal-IP" : "External-IP") { object in
                    let found = (object[path: ["status", "addresses"]]?.sequence ?? []).first { $0["type"]?.string == kind }
                    return found?["address"] ?? .string("<none>")
                }
            }
            trailing = [
                Column(name: "Version", type: "string", value: text(["status", "nodeInfo", "kubeletVersion"], default: "")),
                address("InternalIP"), address("ExternalIP"),
                wide("OS-Image", text(["status", "nodeInfo", "osImage"])),
                wide("Kernel-Version", text(["status", "nodeInfo", "kernelVersion"])),
                wide("Container-Runtime", text(["status", "nodeInfo", "containerRuntimeVersion"])),
            ]
        case ("storage.k8s.io", "StorageClass"):
            middle = [
                Column(name: "Provisioner", type: "string", value: text(["provisioner"])),
                Column(name: "ReclaimPolicy", type: "string", value: text(["reclaimPolicy"], default: "Delete")),
                Column(name: "VolumeBindingMode", type: "string", value: text(["volumeBindingMode"], default: "Immediate")),
                Column(name: "AllowVolumeExpansion", type: "string", value: text(["allowVolumeExpansion"], default: "false")),
            ]
        case ("", "Namespace"):
            middle = [Column(name: "Status", type: "string", value: text(["status", "phase"], default: "Active"))]
        case ("", "ConfigMap"):
            middle = [Column(name: "Data", type: "integer") { object in
                .int((object["data"]?.mapping?.count ?? 0) + (object["binaryData"]?.mapping?.count ?? 0))
            }]
        case ("", "Secret"):
            middle = [
                Column(name: "Type", type: "string", value: text(["type"], default: "Opaque")),
                Column(name: "Data", type: "integer") { .int($0["data"]?.mapping?.count ?? 0) },
            ]
        case ("", "ServiceAccount"):
            middle = [Column(name: "Secrets", type: "string") { .string(String($0["secrets"]?.sequence?.count ?? 0)) }]
        case ("", "Service"):
            middle = [
                Column(name: "Type", type: "string", value: text(["spec", "type"], default: "ClusterIP")),
                Column(name: "Cluster-IP", type: "string", value: text(["spec", "clusterIP"])),
                Column(name: "External-IP", type: "string") { object in
                    switch object[path: ["spec", "type"]]?.string {
                    case "ExternalName": return object[path: ["spec", "externalName"]] ?? .string("<none>")
                    case "LoadBalancer": return .string("<pending>")
                    default:
                        let ips = object[path: ["spec", "externalIPs"]]?.sequence?.compactMap(\.string) ?? []
                        return .string(ips.isEmpty ? "<none>" : ips.joined(separator: ","))
                    }
                },
                Column(name: "Port(s)", type: "string") { object in
                    let ports = (object[path: ["spec", "ports"]]?.sequence ?? []).map { port in
                        let node = port["nodePort"]?.text.map { ":\($0)" } ?? ""
                        return "\(port["port"]?.text ?? "")\(node)/\(port["protocol"]?.text ?? "TCP")"
                    }
                    return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
                },
            ]
            trailing = [wide("Selector") { .string(Self.pairs($0[path: ["spec", "selector"]])) }]
        case ("batch", "Job"):
            middle = [
                Column(name: "Status", type: "string") { object in
                    let conditions = object[path: ["status", "conditions"]]?.sequence ?? []
                    if conditions.contains(where: { $0["type"]?.string == "Complete" && $0["status"]?.string == "True" }) {
                        return .string("Complete")
                    }
                    if conditions.contains(where: { $0["type"]?.string == "Failed" && $0["status"]?.string == "True" }) {
                        return .string("Failed")
                    }
                    return .string("Running")
                },
                Column(name: "Completions", type: "string") { object in
                    .string("\(object[path: ["status", "succeeded"]]?.text ?? "0")/\(object[path: ["spec", "completions"]]?.text ?? "1")")
                },
                Column(name: "Duration", type: "string") { object in
                    guard let start = Clock.seconds(of: object[path: ["status", "startTime"]]?.string ?? "") else { return .string("") }
                    let end = Clock.seconds(of: object[path: ["status", "completionTime"]]?.string ?? "") ?? Clock.now()
                    return .string(Self.duration(max(0, end - start)))
                },
            ]
            trailing = [containers(podSpec), images(podSpec), selector]
        case ("batch", "CronJob"):
            let jobPodSpec = ["spec", "jobTemplate", "spec", "template", "spec"]
            middle = [
                Column(name: "Schedule", type: "string", value: text(["spec", "schedule"], default: "")),
                Column(name: "Timezone", type: "string", value: text(["spec", "timeZone"])),
                Column(name: "Suspend", type: "boolean") { object in
                    .string(object[path: ["spec", "suspend"]]?.text == "true" ? "True" : "False")
                },
                Column(name: "Active", type: "integer") { .int($0[path: ["status", "active"]]?.sequence?.count ?? 0) },
                Column(name: "Last Schedule", type: "string") { object in
                    guard let last = object[path: ["status", "lastScheduleTime"]]?.string else { return .string("<none>") }
                    return .string(Self.age(last))
                },
            ]
            trailing = [containers(jobPodSpec), images(jobPodSpec),
                        wide("Selector") { .string(Self.selectorText($0[path: ["spec", "jobTemplate", "spec", "selector"]])) }]
        case ("networking.k8s.io", "Ingress"):
            middle = [
                Column(name: "Class", type: "string", value: text(["spec", "ingressClassName"])),
                Column(name: "Hosts", type: "string") { object in
                    let hosts = (object[path: ["spec", "rules"]]?.sequence ?? []).compactMap { $0["host"]?.string }
                    return .string(hosts.isEmpty ? "*" : hosts.joined(separator: ","))
                },
                Column(name: "Address", type: "string") { _ in .string("") },
                Column(name: "Ports", type: "string") { object in
                    .string(object[path: ["spec", "tls"]]?.sequence?.isEmpty == false ? "80, 443" : "80")
                },
            ]
        case ("networking.k8s.io", "NetworkPolicy"):
            middle = [Column(name: "Pod-Selector", type: "string") { object in
                let text = Self.selectorText(object[path: ["spec", "podSelector"]])
                return .string(text == "<none>" ? "<none>" : text)
            }]
        case ("autoscaling", "HorizontalPodAutoscaler"):
            middle = [
                Column(name: "Reference", type: "string") { object in
                    .string("\(object[path: ["spec", "scaleTargetRef", "kind"]]?.text ?? "")/\(object[path: ["spec", "scaleTargetRef", "name"]]?.text ?? "")")
                },
                Column(name: "Targets", type: "string") { object in
                    let metrics = object[path: ["spec", "metrics"]]?.sequence ?? []
                    let targets = metrics.map { metric -> String in
                        let target = metric[path: ["resource", "target"]]
                        if let utilization = target?["averageUtilization"]?.text {
                            return "\(metric[path: ["resource", "name"]]?.text ?? ""): <unknown>/\(utilization)%"
                        }
                        return "<unknown>/\(target?["averageValue"]?.text ?? target?["value"]?.text ?? "")"
                    }
                    return .string(targets.isEmpty ? "<none>" : targets.joined(separator: ", "))
                },
                Column(name: "MinPods", type: "string", value: text(["spec", "minReplicas"], default: "1")),
                Column(name: "MaxPods", type: "integer", value: int(["spec", "maxReplicas"])),
                Column(name: "Replicas", type: "integer", value: int(["status", "currentReplicas"])),
            ]
        case ("policy", "PodDisruptionBudget"):
            middle = [
                Column(name: "Min Available", type: "string", value: text(["spec", "minAvailable"], default: "N/A")),
                Column(name: "Max Unavailable", type: "string", value: text(["spec", "maxUnavailable"], default: "N/A")),
                Column(name: "Allowed Disruptions", type: "integer", value: int(["status", "disruptionsAllowed"])),
            ]
        case ("rbac.authorization.k8s.io", "Role"), ("rbac.authorization.k8s.io", "ClusterRole"),
             ("apiextensions.k8s.io", "CustomResourceDefinition"):
            return [name, createdAt]
        case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
            middle = [Column(name: "Role", type: "string") { object in
                .string("\(object[path: ["roleRef", "kind"]]?.text ?? "")/\(object[path: ["roleRef", "name"]]?.text ?? "")")
            }]
            func subjects(_ kind: String) -> (Node) -> Node {
                { object in
                    let names = (object["subjects"]?.sequence ?? []).filter { $0["kind"]?.string == kind }.map { subject in
                        kind == "ServiceAccount" ? "\(subject["namespace"]?.text ?? "")/\(subject["name"]?.text ?? "")"
                            : subject["name"]?.text ?? ""
                    }
                    return .string(names.joined(separator: ", "))
                }
            }
            trailing = [wide("Users", subjects("User")), wide("Groups", subjects("Group")),
                        wide("ServiceAccounts", subjects("ServiceAccount"))]
        default:
            middle = type.printerColumns.map { column in
                Column(name: column.name, type: column.type, priority: column.priority) { object in
                    let path = ResourceRegistry.jsonPath(column.jsonPath) ?? []
                    guard let value = object[path: path] else { return .string("<none>") }
                    if column.type == "date", let stamp = value.string { return .string(Self.age(stamp)) }
                    return value.scalar != nil ? value : .string((try? JSON.serialize(value)) ?? "")
                }
            }
        }
        return [name] + middle + [age] + trailing
    }

    /// The values of `key` in each item of a list, comma-joined (container names, images).
    static func joined(_ items: Node?, _ key: String) -> String {
        (items?.sequence ?? []).compactMap { $0[key]?.text }.joined(separator: ",")
    }

    /// `k=v,k2=v2` of a string map, `<none>` when empty.
    static func pairs(_ map: Node?) -> String {
        let entries = map?.mapping?.entries ?? []
        return entries.isEmpty ? "<none>" : entries.map { "\($0.key.value)=\($0.value.text ?? "")" }.joined(separator: ",")
    }

    /// A LabelSelector as kubectl writes it: `app=web,tier in (a,b)`, `<none>` when it selects everything.
    static func selectorText(_ selector: Node?) -> String {
        var terms = (selector?["matchLabels"]?.mapping?.entries ?? []).map { "\($0.key.value)=\($0.value.text ?? "")" }
        for expression in selector?["matchExpressions"]?.sequence ?? [] {
            let key = expression["key"]?.text ?? ""
            let values = (expression["values"]?.sequence ?? []).compactMap(\.text).joined(separator: ",")
            switch expression["operator"]?.text {
            case "In": terms.append("\(key) in (\(values))")
            case "NotIn": terms.append("\(key) notin (\(values))")
            case "Exists": terms.append(key)
            case "DoesNotExist": terms.append("!\(key)")
            default: break
            }
        }
        return terms.isEmpty ? "<none>" : terms.joined(separator: ",")
    }

    /// A Job's duration as kubectl prints it (`5s`, `2m3s`).
    static func duration(_ seconds: Int) -> String {
        seconds < 120 ? "\(seconds)s" : age(Clock.format(Clock.now() - seconds))
    }

    /// kubectl's short human duration since `timestamp`.
    static func age(_ timestamp: String?) -> String {
        guard let timestamp, let then = Clock.seconds(of: timestamp) else { return "<unknown>" }
        let seconds = max(0, Clock.now() - then)
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<600: return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s"
        case ..<10_800: return "\(seconds / 60)m"
        case ..<28_800: return (seconds / 60) % 60 == 0 ? "\(seconds / 3600)h" : "\(seconds / 3600)h\((seconds / 60) % 60)m"
        case ..<172_800: return "\(seconds / 3600)h"
        case ..<691_200: return (seconds / 3600) % 24 == 0 ? "\(seconds / 86400)d" : "\(seconds / 86400)d\((seconds / 3600) % 24)h"
        default: return "\(seconds / 86400)d"
        }
    }

    static func isDefaultStorageClass(_ object: Node) -> Bool {
        let annotations = object[path: ["metadata", "annotations"]]
        return annotations?["storageclass.kubernetes.io/is-default-class"]?.text == "true"
            || annotations?["storageclass.beta.kubernetes.io/is-default-class"]?.text == "true"
    }
}
