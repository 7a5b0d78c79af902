import Manifests

/// Kubernetes strategic merge patch for built-in kinds: a merge patch whose keyed lists merge item by item.
///
/// Directives: `$patch: delete|replace|merge`, `$setElementOrder/<list>` (ignored: the
/// order of the result is the live order plus appended items), `$deleteFromPrimitiveList/<list>`,
/// `$retainKeys`.
struct StrategicMergePatch {
    let schema: FieldSchema

    func apply(_ patch: Node, to target: Node?) -> Node {
        apply(patch, to: target, names: [])
    }

    private func apply(_ patch: Node, to target: Node?, names: [String]) -> Node {
        guard case .mapping(let patchMapping) = patch else { return patch }
        if patchMapping["$patch"]?.string == "replace" {
            return .mapping(Mapping(patchMapping.entries.filter { !$0.key.value.hasPrefix("$") }))
        }
        var result = target?.mapping ?? Mapping()
        if let retain = patchMapping["$retainKeys"]?.sequence?.compactMap(\.string) {
            result.entries.removeAll { !retain.contains($0.key.value) }
        }
        for entry in patchMapping.entries {
            let key = entry.key.value
            if key.hasPrefix("$deleteFromPrimitiveList/") {
                let field = String(key.dropFirst("$deleteFromPrimitiveList/".count))
                let drop = entry.value.sequence ?? []
                if let items = result[field]?.sequence { result[field] = .sequence(items.filter { !drop.contains($0) }) }
                continue
            }
            if key.hasPrefix("$") { continue }
            let childNames = names + [key]
            if entry.value.isNull {
                result.removeValue(forKey: key)
            } else if case .sequence(let patchItems) = entry.value {
                result[key] = mergeList(patchItems, into: result[key]?.sequence, names: childNames)
            } else if entry.value.mapping != nil, schema.isAtomicMap(at: childNames) {
                result[key] = entry.value
            } else {
                result[key] = apply(entry.value, to: result[key], names: childNames)
            }
        }
        return .mapping(result)
    }

    private func mergeList(_ patchItems: [Node], into live: [Node]?, names: [String]) -> Node {
        switch schema.listType(at: names) {
        case .atomic:
            return .sequence(patchItems.map(\.withoutDirectives))
        case .set:
            var items = live ?? []
            for item in patchItems where !items.contains(item) { items.append(item) }
            return .sequence(items)
        case .map(let keys):
            if patchItems.contains(where: { $0["$patch"]?.string == "replace" }) {
                return .sequence(patchItems.filter { $0["$patch"] == nil })
            }
            var items = live ?? []
            for item in patchItems {
                let element = FieldSchema.keyElement(of: item, keys: keys)
                let index = element.flatMap { element in
                    items.firstIndex { FieldSchema.keyElement(of: $0, keys: keys) == element }
                }
                if item["$patch"]?.string == "delete" {
                    if let index { items.remove(at: index) }
                } else if let index {
                    items[index] = apply(item, to: items[index], names: names)
                } else {
                    items.append(item.withoutDirectives)
                }
            }
            return .sequence(items)
        }
    }
}

extension Node {
    /// The node without `$`-directives, for items a patch adds.
    var withoutDirectives: Node {
        switch self {
        case .mapping(let mapping):
            return .mapping(Mapping(mapping.entries.compactMap { entry in
                if entry.key.value.hasPrefix("$") || entry.value.isNull { return nil }
                return Mapping.Entry(key: entry.key, value: entry.value.withoutDirectives)
            }))
        case .sequence(let items):
            return .sequence(items.map(\.withoutDirectives))
        case .scalar:
            return self
        }
    }
}
