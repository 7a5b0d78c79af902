import Manifests

/// Merges an applied configuration into the live object and removes fields a manager stopped applying.
struct ApplyMerge {
    let schema: FieldSchema

    /// `merge(live, config)`: maps key by key, associative lists item by item, everything else replaced.
    func merge(live: Node?, config: Node) -> Node {
        merge(live: live, config: config, names: [])
    }

    private func merge(live: Node?, config: Node, names: [String]) -> Node {
        guard let live else { return config.withoutNulls }
        switch (live, config) {
        case (.mapping(var result), .mapping(let applied)) where !schema.isAtomicMap(at: names) || names.isEmpty:
            for entry in applied.entries {
                let key = entry.key.value
                if entry.value.isNull { continue }
                result[key] = merge(live: result[key], config: entry.value, names: names + [key])
            }
            return .mapping(result)
        case (.sequence(let liveItems), .sequence(let appliedItems)):
            switch schema.listType(at: names) {
            case .atomic:
                return config
            case .set:
                var items = liveItems
                for item in appliedItems where !items.contains(item) { items.append(item) }
                return .sequence(items)
            case .map(let keys):
                var items = liveItems
                var index: [PathElement: Int] = [:]
                for (offset, item) in items.enumerated() {
                    if let element = FieldSchema.keyElement(of: item, keys: keys) { index[element] = offset }
                }
                for item in appliedItems {
                    guard let element = FieldSchema.keyElement(of: item, keys: keys) else { return config }
                    if let offset = index[element] {
                        items[offset] = merge(live: items[offset], config: item, names: names)
                    } else {
                        index[element] = items.count
                        items.append(item.withoutNulls)
                    }
                }
                return .sequence(items)
            }
        default:
            return config
        }
    }

    /// Removes `paths` from `object`, deepest first; a missing path is ignored.
    static func removing(_ paths: [FieldPath], from object: Node) -> Node {
        var result = object
        // A path below another removed path goes with it: removing a list item's key fields
        // first would leave an item that its key no longer finds.
        let removed = Set(paths)
        for path in paths.sorted(by: { $0.count > $1.count }) where !path.isEmpty {
            if (1..<path.count).contains(where: { removed.contains(Array(path.prefix($0))) }) { continue }
            remove(path[...], from: &result)
        }
        return result
    }

    private static func remove(_ path: ArraySlice<PathElement>, from node: inout Node) {
        guard let first = path.first else { return }
        let rest = path.dropFirst()
        switch first {
        case .field(let name):
            node.modifyMapping { mapping in
                if rest.isEmpty {
                    mapping.removeValue(forKey: name)
                } else if var child = mapping[name] {
                    mapping[name] = nil
                    remove(rest, from: &child)
                    mapping[name] = child
                }
            }
        case .key(let json):
            guard let keyFields = (try? JSON.parse(json))?.mapping else { return }
            node.modifySequence { items in
                guard let offset = items.firstIndex(where: { matches($0, keyFields) }) else { return }
                if rest.isEmpty {
                    items.remove(at: offset)
                } else {
                    remove(rest, from: &items[offset])
                }
            }
        case .value(let json):
            guard rest.isEmpty, let value = try? JSON.parse(json) else { return }
            node.modifySequence { items in items.removeAll { $0 == value } }
        case .index(let index):
            node.modifySequence { items in
                guard items.indices.contains(index) else { return }
                if rest.isEmpty { items.remove(at: index) } else { remove(rest, from: &items[index]) }
            }
        }
    }

    private static func matches(_ item: Node, _ keyFields: Mapping) -> Bool {
        guard let mapping = item.mapping else { return false }
        for entry in keyFields.entries {
            let value = mapping[entry.key.value] ?? (entry.key.value == "protocol" ? .string("TCP") : nil)
            guard let value, sameScalar(value, entry.value) else { return false }
        }
        return true
    }

    /// Scalars compare by JSON meaning, so `80` read from YAML equals `80` read from JSON.
    static func sameScalar(_ lhs: Node, _ rhs: Node) -> Bool {
        if lhs == rhs { return true }
        guard let left = try? lhs.scalar?.jsonScalar(), let right = try? rhs.scalar?.jsonScalar() else { return false }
        return left == right
    }
}

extension Node {
    /// The node with null-valued map entries removed, as a merge drops them.
    var withoutNulls: Node {
        switch self {
        case .mapping(let mapping):
            return .mapping(Mapping(mapping.entries.compactMap { entry in
                entry.value.isNull ? nil : Mapping.Entry(key: entry.key, value: entry.value.withoutNulls)
            }))
        case .sequence(let items):
            return .sequence(items.map(\.withoutNulls))
        case .scalar:
            return self
        }
    }
}
