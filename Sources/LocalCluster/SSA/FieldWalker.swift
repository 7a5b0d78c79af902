import Manifests

/// Which part of an object a write manages: the main resource (everything but status) or the status subresource.
enum FieldScope: Sendable {
    case main
    case status
}

/// Flattens an object into its managed paths and their values, as structured-merge-diff's ToFieldSet does.
///
/// Leaves are scalars, atomic lists and maps, nulls and empty maps; associative-list
/// items are members too (their value is a marker, so only their presence is compared).
struct FieldWalker {
    let schema: FieldSchema
    let scope: FieldScope

    /// Metadata the server owns: never tracked in managed fields.
    static let untrackedMetadata: Set<String> = [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink",
        "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds",
    ]

    static let itemMarker = Node.emptyMapping

    /// Every managed path of `object` with the value compared for it.
    func leaves(of object: Node) -> [FieldPath: Node] {
        var result: [FieldPath: Node] = [:]
        visit(object) { path, value in result[path] = value }
        return result
    }

    /// The managed paths of `object` as a set, built without the intermediate dictionary.
    func fieldSet(of object: Node) -> FieldSet {
        var result = FieldSet()
        visit(object) { path, _ in result.insert(path) }
        return result
    }

    /// Calls `body` with every managed path of `object` and the value compared for it.
    func visit(_ object: Node, _ body: (FieldPath, Node) -> Void) {
        guard let root = object.mapping else { return }
        var path: FieldPath = []
        var names: [String] = []
        for entry in root.entries {
            let key = entry.key.value
            if key == "apiVersion" || key == "kind" { continue }
            switch scope {
            case .main where key == "status": continue
            case .status where key != "status": continue
            default: break
            }
            path.append(.field(key))
            names.append(key)
            if key == "metadata", let metadata = entry.value.mapping {
                for field in metadata.entries where !Self.untrackedMetadata.contains(field.key.value) {
                    path.append(.field(field.key.value))
                    names.append(field.key.value)
                    walk(field.value, path: &path, names: &names, body)
                    path.removeLast()
                    names.removeLast()
                }
            } else {
                walk(entry.value, path: &path, names: &names, body)
            }
            path.removeLast()
            names.removeLast()
        }
    }

    private func walk(_ node: Node, path: inout FieldPath, names: inout [String], _ body: (FieldPath, Node) -> Void) {
        switch node {
        case .scalar:
            body(path, node)
        case .mapping(let mapping):
            if mapping.isEmpty || schema.isAtomicMap(at: names) {
                body(path, node)
                return
            }
            for entry in mapping.entries {
                path.append(.field(entry.key.value))
                names.append(entry.key.value)
                walk(entry.value, path: &path, names: &names, body)
                path.removeLast()
                names.removeLast()
            }
        case .sequence(let items):
            switch schema.listType(at: names) {
            case .atomic:
                body(path, node)
            case .set:
                for item in items {
                    guard let json = try? JSON.serialize(item) else { continue }
                    body(path + [.value(json)], item)
                }
            case .map(let keys):
                for item in items {
                    guard let element = FieldSchema.keyElement(of: item, keys: keys), let mapping = item.mapping else {
                        body(path, node)
                        return
                    }
                    path.append(element)
                    body(path, Self.itemMarker)
                    for entry in mapping.entries {
                        path.append(.field(entry.key.value))
                        names.append(entry.key.value)
                        walk(entry.value, path: &path, names: &names, body)
                        path.removeLast()
                        names.removeLast()
                    }
                    path.removeLast()
                }
            }
        }
    }
}

/// The paths a write added, changed and removed.
struct FieldComparison {
    var added = FieldSet()
    var modified = FieldSet()
    var removed = FieldSet()

    init(old: [FieldPath: Node], new: [FieldPath: Node]) {
        for (path, value) in new {
            if let oldValue = old[path] {
                if oldValue != value { modified.insert(path) }
            } else {
                added.insert(path)
            }
        }
        for path in old.keys where new[path] == nil { removed.insert(path) }
    }

    var isEmpty: Bool { added.isEmpty && modified.isEmpty && removed.isEmpty }
    var changed: FieldSet { added.union(modified) }
}
