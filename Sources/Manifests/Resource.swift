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
        // By index, comparing keys in place: iterating would copy every entry.
        let entries = mapping.entries
        for index in entries.indices {
            let key = entries[index].key
            if key.hasValue("apiVersion") {
                apiVersion = entries[index].value.text ?? ""
            } else if key.hasValue("kind") {
                kind = entries[index].value.text ?? ""
            } else if key.hasValue("metadata"), case .mapping(let metadata) = entries[index].value {
                let fields = metadata.entries
                for field in fields.indices {
                    if fields[field].key.hasValue("name") {
                        name = fields[field].value.text ?? ""
                    } else if fields[field].key.hasValue("namespace") {
                        namespace = fields[field].value.text ?? ""
                    }
                }
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
