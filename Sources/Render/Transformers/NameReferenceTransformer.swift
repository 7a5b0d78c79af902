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
        /// `spec`'s path alone (the referrer's kind was matched already), split once.
        var path: FieldSpec
        /// Whether the path has a `[]` hint, which can change an object outside any update.
        var hasListHint: Bool
    }

    func apply(to resources: inout ResourceMap) throws {
        let index = Index(resources.items)
        var filtersByKind: [String: [Filter]] = [:]
        // The skeletons' ids are read from a few fields, not from whole objects.
        for item in index.items where filtersByKind[item.originalID.kind] == nil {
            filtersByKind[item.originalID.kind] = filters(forKind: item.originalID.kind)
        }
        let byKind = filtersByKind
        // Each referrer is rewritten from the index of the objects as they stand
        // now, so referrers are independent: they are done on every core, and the
        // results (or the first failure, in order) are applied in order.
        // In slices, so that rewritten copies and their originals are not all alive at once.
        let slice = 1024
        for start in stride(from: 0, to: resources.items.count, by: slice) {
            let count = min(slice, resources.items.count - start)
            let objects = resources.items[start..<start + count].map(\.object)
            let results = ConcurrentMap.map(count: count) { position -> Result<Node?, RenderError> in
                let offset = start + position
                return Result {
                    try rewrite(offset, object: objects[position], index: index,
                                filters: byKind[index.items[offset].originalID.kind] ?? [])
                }
                    .mapError { $0 as? RenderError ?? RenderError(.build, file: index.items[offset].origin, "\($0)") }
            }
            for (position, result) in results.enumerated() {
                if let object = try result.get() {
                    resources.modify(at: start + position) { $0.object = object }
                }
            }
        }
    }

    /// The referrer at `offset` with its references rewritten, or `nil` when nothing changed.
    func rewrite(_ offset: Int, object current: Node, index: Index, filters candidates: [Filter]) throws -> Node? {
        let referrer = index.items[offset]
        let original = referrer.originalID
        let filters = candidates.filter { PrefixSuffixTransformer.selects($0.spec, original) }
        guard !filters.isEmpty else { return nil }
        let selection = try Selection(index: index, referrer: offset)
        var object = current
        var changed = false
        for filter in filters {
            do {
                try FieldPath.visit(&object, filter.path) { node in
                    let before = node
                    try selection.update(&node, filter: filter)
                    if node != before { changed = true }
                }
            } catch let error as RenderError {
                throw RenderError(.build, file: referrer.origin,
                                  "updating name reference in '\(filter.spec.path)' field of '\(ResourceMap.describe(referrer.id))': \(error.message)")
            }
        }
        // A `[]` hint in a path can turn a null into an empty list on the way,
        // outside any update; only then is the whole object compared.
        if changed || (filters.contains { $0.hasListHint } && object != current) {
            return object
        }
        return nil
    }

    /// The filters whose referrer spec may apply to `kind`, in kustomize's
    /// order (name references, then their field specs).
    func filters(forKind kind: String) -> [Filter] {
        var result: [Filter] = []
        for target in config {
            for spec in target.referrers where spec.kind.isEmpty || spec.kind == kind {
                result.append(Filter(target: target, spec: spec, path: FieldSpec(path: spec.path),
                                     hasListHint: spec.path.contains("[]")))
            }
        }
        return result
    }

    /// Lookups over the resources as they stand when the transformer starts
    /// (their names do not change while it runs).
    struct Index {
        let items: [BuildResource]
        /// The current id of each item, read once.
        let ids: [ResourceID]
        /// Offsets of the resources that had each previous name, in order.
        let byPreviousName: [String: [Int]]
        /// Offsets per effective namespace of the original id, in order.
        let byOriginalNamespace: [String: [Int]]

        init(_ items: [BuildResource]) {
            // Only identities are looked up: keep skeletons (apiVersion, kind, name,
            // namespace, and a binding's subjects and roleRef), so the index does not hold every object alive beside its
            // rewritten copy.
            // Each item's skeleton, id, previous names and namespace are its own: made
            // on every core; only the lookups are filled in turn.
            let made = ConcurrentMap.map(count: items.count) { offset in
                let item = items[offset]
                var skeleton = item
                skeleton.object = Self.skeleton(of: item.object)
                let id = item.id
                var names: [String] = []
                for previous in item.previousIDs where !names.contains(previous.name) { names.append(previous.name) }
                return (skeleton: skeleton, id: id, previousNames: names,
                        namespace: ResourceScope.effectiveNamespace(item.previousIDs.first ?? id))
            }
            ids = made.map(\.id)
            self.items = made.map(\.skeleton)
            var byPreviousName: [String: [Int]] = [:]
            var byOriginalNamespace: [String: [Int]] = [:]
            for (offset, entry) in made.enumerated() {
                for name in entry.previousNames { byPreviousName[name, default: []].append(offset) }
                byOriginalNamespace[entry.namespace, default: []].append(offset)
            }
            self.byPreviousName = byPreviousName
            self.byOriginalNamespace = byOriginalNamespace
        }

        static func skeleton(of object: Node) -> Node {
            var metadata = Mapping()
            if let name = object[path: ["metadata", "name"]] { metadata["name"] = name }
            if let namespace = object[path: ["metadata", "namespace"]] { metadata["namespace"] = namespace }
            var skeleton = Mapping()
            if let apiVersion = object["apiVersion"] { skeleton["apiVersion"] = apiVersion }
            if let kind = object["kind"] { skeleton["kind"] = kind }
            skeleton["metadata"] = .mapping(metadata)
            // A RoleBinding's subjects and roleRef decide which references it can see.
            if let subjects = object["subjects"] { skeleton["subjects"] = subjects }
            if let roleRef = object["roleRef"] { skeleton["roleRef"] = roleRef }
            return .mapping(skeleton)
        }
    }
}
