import Manifests

/// Rewrites references to objects whose names (or namespaces) changed during
/// the build, as kustomize's name reference transformer, run once at the end.
///
/// For every object (the referrer) and every field its original kind may use
/// to name another kind (the configuration's `nameReference`), the value is
/// looked up among the objects that once had that name (their previous ids)
/// and could be seen from the referrer (cluster-scoped, same namespace, or a
/// ServiceAccount namespace named by a RoleBinding subject). Among several,
/// kustomize prefers the one renamed by the same prefixes and suffixes; a
/// mapping (a RoleBinding subject, a webhook's service) gets the referral's
/// namespace too. See `NameReferenceTransformer+Selection.swift`.
struct NameReferenceTransformer {
    let config: [TransformerConfig.NameReference]

    /// One field of a referrer that may name an object of the target kind.
    struct Filter {
        var target: TransformerConfig.NameReference
        var spec: FieldSpec
    }

    func apply(to resources: inout ResourceMap) throws {
        let index = Index(resources.items)
        var filtersByKind: [String: [Filter]] = [:]
        for offset in resources.items.indices {
            let original = resources.items[offset].originalID
            if filtersByKind[original.kind] == nil { filtersByKind[original.kind] = filters(forKind: original.kind) }
            let filters = (filtersByKind[original.kind] ?? []).filter { PrefixSuffixTransformer.selects($0.spec, original) }
            guard !filters.isEmpty else { continue }
            let selection = try Selection(index: index, referrer: offset)
            var object = resources.items[offset].object
            for filter in filters {
                do {
                    try FieldPath.visit(&object, FieldSpec(path: filter.spec.path)) { node in
                        try selection.update(&node, filter: filter)
                    }
                } catch let error as RenderError {
                    let referrer = resources.items[offset]
                    throw RenderError(.build, file: referrer.origin,
                                      "updating name reference in '\(filter.spec.path)' field of '\(ResourceMap.describe(referrer.id))': \(error.message)")
                }
            }
            if object != resources.items[offset].object {
                resources.modify(at: offset) { $0.object = object }
            }
        }
    }

    /// The filters whose referrer spec may apply to `kind`, in kustomize's
    /// order (name references, then their field specs).
    func filters(forKind kind: String) -> [Filter] {
        var result: [Filter] = []
        for target in config {
            for spec in target.referrers where spec.kind.isEmpty || spec.kind == kind {
                result.append(Filter(target: target, spec: spec))
            }
        }
        return result
    }

    /// Lookups over the resources as they stand when the transformer starts
    /// (their names do not change while it runs).
    struct Index {
        let items: [BuildResource]
        /// Offsets of the resources that had each previous name, in order.
        let byPreviousName: [String: [Int]]
        /// Offsets per effective namespace of the original id, in order.
        let byOriginalNamespace: [String: [Int]]

        init(_ items: [BuildResource]) {
            self.items = items
            var byPreviousName: [String: [Int]] = [:]
            var byOriginalNamespace: [String: [Int]] = [:]
            for (offset, item) in items.enumerated() {
                var names = Set<String>()
                for id in item.previousIDs where names.insert(id.name).inserted {
                    byPreviousName[id.name, default: []].append(offset)
                }
                byOriginalNamespace[ResourceScope.effectiveNamespace(item.originalID), default: []].append(offset)
            }
            self.byPreviousName = byPreviousName
            self.byOriginalNamespace = byOriginalNamespace
        }
    }
}
