/// One Kubernetes object as a tree, with quick access to its identity.
package struct Resource: Sendable, Equatable {
    /// The whole object.
    package var object: Node

    package init(_ object: Node) {
        self.object = object
    }

    package var apiVersion: String { object["apiVersion"]?.text ?? "" }
    package var kind: String { object["kind"]?.text ?? "" }
    package var name: String { object[path: ["metadata", "name"]]?.text ?? "" }
    package var namespace: String { object[path: ["metadata", "namespace"]]?.text ?? "" }

    /// The object's identity as it stands now, read in one pass over the
    /// top-level fields and one over `metadata` (ids are read very often).
    package var id: ResourceID {
        guard case .mapping(let mapping) = object else { return ResourceID(kind: "", name: "") }
        var apiVersion = ""
        var kind = ""
        var name = ""
        var namespace = ""
        for entry in mapping.entries {
            switch entry.key.value {
            case "apiVersion": apiVersion = entry.value.text ?? ""
            case "kind": kind = entry.value.text ?? ""
            case "metadata":
                guard case .mapping(let metadata) = entry.value else { continue }
                for field in metadata.entries {
                    switch field.key.value {
                    case "name": name = field.value.text ?? ""
                    case "namespace": namespace = field.value.text ?? ""
                    default: continue
                    }
                }
            default: continue
            }
        }
        let (group, version) = ResourceID.split(apiVersion: apiVersion)
        return ResourceID(group: group, version: version, kind: kind, namespace: namespace, name: name)
    }

    /// `metadata.labels` as strings (non-string values by their text).
    package var labels: [String: String] { Self.stringMap(object[path: ["metadata", "labels"]]) }

    /// `metadata.annotations` as strings (non-string values by their text).
    package var annotations: [String: String] { Self.stringMap(object[path: ["metadata", "annotations"]]) }

    static func stringMap(_ node: Node?) -> [String: String] {
        guard let mapping = node?.mapping else { return [:] }
        var result: [String: String] = [:]
        for entry in mapping.entries {
            result[entry.key.value] = entry.value.scalar?.value ?? ""
        }
        return result
    }
}
