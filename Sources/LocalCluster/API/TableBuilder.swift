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
        let name = Column(name: "Name", type: "string") { $0[path: ["metadata", "name"]] ?? .string("") }
        let age = Column(name: "Age", type: "string") { object in
            .string(Self.age(object[path: ["metadata", "creationTimestamp"]]?.string))
        }
        func int(_ path: [String], default value: Int = 0) -> (Node) -> Node {
            { object in .int(Int(object[path: path]?.text ?? "") ?? value) }
        }
        func text(_ path: [String], default value: String = "<none>") -> (Node) -> Node {
            { object in .string(object[path: path]?.text ?? value) }
        }
        var middle: [Column] = []
        switch (type.group, type.kind) {
        case ("apps", "Deployment"):
            middle = [
                Column(name: "Ready", type: "string") { object in
                    .string("\(object[path: ["status", "readyReplicas"]]?.text ?? "0")/\(object[path: ["spec", "replicas"]]?.text ?? "1")")
                },
                Column(name: "Up-to-date", type: "integer", value: int(["status", "updatedReplicas"])),
                Column(name: "Available", type: "integer", value: int(["status", "availableReplicas"])),
            ]
        case ("apps", "ReplicaSet"):
            middle = [
                Column(name: "Desired", type: "integer", value: int(["spec", "replicas"], default: 1)),
                Column(name: "Current", type: "integer", value: int(["status", "replicas"])),
                Column(name: "Ready", type: "integer", value: int(["status", "readyReplicas"])),
            ]
        case ("apps", "StatefulSet"):
            middle = [Column(name: "Ready", type: "string") { object in
                .string("\(object[path: ["status", "readyReplicas"]]?.text ?? "0")/\(object[path: ["spec", "replicas"]]?.text ?? "1")")
            }]
        case ("apps", "DaemonSet"):
            middle = [
                Column(name: "Desired", type: "integer", value: int(["status", "desiredNumberScheduled"])),
                Column(name: "Current", type: "integer", value: int(["status", "currentNumberScheduled"])),
                Column(name: "Ready", type: "integer", value: int(["status", "numberReady"])),
                Column(name: "Up-to-date", type: "integer", value: int(["status", "updatedNumberScheduled"])),
                Column(name: "Available", type: "integer", value: int(["status", "numberAvailable"])),
            ]
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
        case ("", "Service"):
            middle = [
                Column(name: "Type", type: "string", value: text(["spec", "type"], default: "ClusterIP")),
                Column(name: "Cluster-IP", type: "string", value: text(["spec", "clusterIP"])),
                Column(name: "External-IP", type: "string") { _ in .string("<none>") },
                Column(name: "Port(s)", type: "string") { object in
                    let ports = (object[path: ["spec", "ports"]]?.sequence ?? []).map { port in
                        "\(port["port"]?.text ?? "")/\(port["protocol"]?.text ?? "TCP")"
                    }
                    return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
                },
            ]
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
            ]
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
        return [name] + middle + [age]
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
}
