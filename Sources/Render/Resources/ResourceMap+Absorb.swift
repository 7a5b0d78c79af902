import Manifests

extension ResourceMap {
    /// Takes in generated resources as kustomize's `ResMap.AbsorbAll` does:
    /// each is matched against every id (current or previous) of the
    /// resources so far. No match: it is added (a `merge` or `replace` is an
    /// error). One match: with `merge` or `replace` it takes the place of the
    /// match (see `absorbed(_:into:)`); with `create` it is an error.
    mutating func absorb(_ generated: [BuildResource], file: String) throws {
        // Every id each resource has had, so a generator in an overlay finds a
        // base's object by the name it was generated with, before prefixes. A
        // few generated objects are looked for by a scan each; many, in an index.
        var byAnyID: [Key: [Int]]?
        if generated.count > 4 {
            var index: [Key: [Int]] = [:]
            for (offset, item) in items.enumerated() {
                for key in Set(item.allIDs.map(Key.init)) { index[key, default: []].append(offset) }
            }
            byAnyID = index
        }
        for resource in generated {
            let id = resource.id
            let matches = byAnyID.map { $0[Key(id)] ?? [] } ?? offsets(byAnyID: id)
            switch matches.count {
            case 0:
                if resource.behavior == .merge || resource.behavior == .replace {
                    throw RenderError(.build, file: file,
                                      "id \(Self.describe(id)) does not exist; cannot merge or replace; use behavior 'create' or add the object to a base")
                }
                if byAnyID != nil {
                    for key in Set(resource.allIDs.map(Key.init)) { byAnyID?[key, default: []].append(items.count) }
                }
                try append(resource)
            case 1:
                let offset = matches[0]
                guard resource.behavior == .merge || resource.behavior == .replace else {
                    throw RenderError(.build, file: file,
                                      "id \(Self.describe(id)) exists; can not use behavior: '\(resource.behavior?.rawValue ?? "create")', behavior must be merge or replace")
                }
                replace(at: offset, with: Self.absorbed(resource, into: items[offset]))
            default:
                throw RenderError(.build, file: file,
                                  "found multiple objects that could accept merge of \(Self.describe(id))")
            }
        }
    }

    /// The offsets of the resources any of whose ids, current or previous, is
    /// `id` (kustomize's `GetMatchingResourcesByAnyId`), each once. A scan: a
    /// kustomization holds tens of resources, and names and kinds are compared
    /// before whole ids.
    func offsets(byAnyID id: ResourceID) -> [Int] {
        let key = Key(id)
        func matches(_ other: ResourceID) -> Bool {
            other.name == key.name && other.kind == key.kind && Key(other) == key
        }
        return items.indices.filter { matches(items[$0].id) || items[$0].previousIDs.contains(where: matches) }
    }

    /// A generated resource that merges into or replaces `old`, as kustomize's
    /// `CopyMergeMetaDataFieldsFrom` (and `MergeDataMapFrom` for merge) make
    /// it: labels and annotations of both (the new ones win, all as strings),
    /// the old name, namespace and naming history, a hash suffix only when
    /// both want one; with merge, the `data` and `binaryData` of both, every
    /// value turned into a string.
    static func absorbed(_ new: BuildResource, into old: BuildResource) -> BuildResource {
        var result = new
        for field in ["labels", "annotations"] {
            let merged = mergedStrings(old.object[path: ["metadata", field]], new.object[path: ["metadata", field]])
            result.object[path: ["metadata", field]] = merged.isEmpty ? nil : .mapping(merged)
        }
        result.object[path: ["metadata", "name"]] = .string(old.name)
        result.object[path: ["metadata", "namespace"]] = old.namespace.isEmpty ? nil : .string(old.namespace)
        result.previousIDs = old.previousIDs
        result.prefixes = old.prefixes
        result.suffixes = old.suffixes
        result.origin = old.origin
        result.behavior = old.behavior
        result.needsHashSuffix = old.needsHashSuffix && new.needsHashSuffix
        if new.behavior == .merge {
            for field in ["data", "binaryData"] {
                let merged = mergedStrings(old.object[field], new.object[field])
                result.object[field] = merged.isEmpty ? nil : .mapping(merged)
            }
            // A merge keeps the origin of the object merged into (with buildMetadata: [originAnnotations]).
            if let origin = old.object[path: ["metadata", "annotations", Origin.annotation]] {
                result.object[path: ["metadata", "annotations", Origin.annotation]] = origin
            }
        }
        return result
    }

    /// Two string maps as kustomize reads them (each value's text; a
    /// collection or null reads as ""), `overriding` winning, keys sorted.
    static func mergedStrings(_ base: Node?, _ overriding: Node?) -> Mapping {
        var values: [String: String] = [:]
        for node in [base, overriding] {
            guard let mapping = node?.mapping else { continue }
            for entry in mapping.entries {
                values[entry.key.value] = entry.value.isNull ? "" : (entry.value.scalar?.value ?? "")
            }
        }
        var result = Mapping()
        for key in values.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            result[key] = .string(values[key] ?? "")
        }
        return result
    }
}
