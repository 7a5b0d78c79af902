import Manifests

extension NameReferenceTransformer {
    /// Choosing the object a field of one referrer names (kustomize's nameref
    /// filter), and writing its new name into the field.
    struct Selection {
        let index: Index
        let referrer: BuildResource
        let referrerID: ResourceID
        let referrerIsClusterScoped: Bool
        /// Namespaces of ServiceAccount subjects of a RoleBinding referrer:
        /// objects there are visible to it although in another namespace.
        let roleBindingNamespaces: Set<String>

        init(index: Index, referrer offset: Int) throws {
            self.index = index
            referrer = index.items[offset]
            referrerID = index.ids[offset]
            referrerIsClusterScoped = ResourceScope.isClusterScoped(referrerID)
            roleBindingNamespaces = try Self.roleBindingNamespaces(referrer)
        }

        static func roleBindingNamespaces(_ referrer: BuildResource) throws -> Set<String> {
            guard referrer.kind == "RoleBinding", let subjects = referrer.object["subjects"]?.sequence else { return [] }
            var result = Set<String>()
            for subject in subjects {
                guard let namespace = subject["namespace"], let kind = subject["kind"], kind.text == "ServiceAccount" else {
                    continue
                }
                guard let text = namespace.string else {
                    throw RenderError(.build, file: referrer.origin,
                                      "invalid input: namespace is blank for resource \(ResourceMap.describe(referrer.id))")
                }
                result.insert(text)
            }
            return result
        }

        /// kustomize's `SubsetThatCouldBeReferencedByResource`.
        func isVisible(_ offset: Int) -> Bool {
            if referrerIsClusterScoped { return true }
            let id = index.ids[offset]
            if ResourceScope.isClusterScoped(id) { return true }
            if ResourceScope.effectiveNamespace(id) == ResourceScope.effectiveNamespace(referrerID) { return true }
            return roleBindingNamespaces.contains(id.namespace)
        }

        /// Updates the node at a referrer's field: a name, a mapping with a
        /// `name` (and maybe a `namespace`), or a list of either.
        func update(_ node: inout Node, filter: Filter) throws {
            switch node {
            case .scalar(let scalar):
                if scalar.tag == .null { return }
                try updateName(&node, filter: filter)
            case .mapping:
                try updateMapping(&node, filter: filter)
            case .sequence:
                try node.modifySequence { items in
                    for position in items.indices {
                        switch items[position] {
                        case .scalar(let scalar) where scalar.tag != .null: try updateName(&items[position], filter: filter)
                        case .mapping: try updateMapping(&items[position], filter: filter)
                        default: continue
                        }
                    }
                }
            }
        }

        func updateName(_ node: inout Node, filter: Filter) throws {
            let oldName = node.scalar?.value ?? ""
            let candidates = (index.byPreviousName[oldName] ?? []).filter(isVisible)
            guard let referral = try select(oldName, candidates, filter: filter, sameNamespaces: false) else { return }
            let name = index.items[referral].name
            if name != oldName { node = ScalarRewrite.replacing(node, with: name) }
        }

        func updateMapping(_ node: inout Node, filter: Filter) throws {
            guard let nameNode = node["name"] else {
                throw RenderError(.build, file: referrer.origin, "path config error; no 'name' field in node")
            }
            let oldName = nameNode.scalar?.value ?? ""
            var candidates = (index.byPreviousName[oldName] ?? []).filter(isVisible)
            if let namespaceNode = node["namespace"] {
                // Objects that started in that namespace, or else objects now in it.
                let namespace = namespaceNode.scalar?.value ?? ""
                let startedThere = (index.byOriginalNamespace[namespace] ?? []).contains { offset in
                    isVisible(offset) && !ResourceScope.isClusterScoped(index.items[offset].originalID)
                }
                candidates = candidates.filter { offset in
                    let id = startedThere ? index.items[offset].originalID : index.ids[offset]
                    return !ResourceScope.isClusterScoped(id) && ResourceScope.effectiveNamespace(id) == namespace
                }
            }
            guard let referral = try select(oldName, candidates, filter: filter, sameNamespaces: true) else { return }
            let chosen = index.items[referral]
            if chosen.name == oldName && chosen.namespace.isEmpty { return }
            node["name"] = .string(chosen.name)
            // An empty namespace is a wildcard here, not "default": it is not written.
            if !chosen.namespace.isEmpty { node["namespace"] = .string(chosen.namespace) }
        }

        /// kustomize's `selectReferral` over candidates that once had the name
        /// and are visible: those once of the target kind (and, for a
        /// `roleRef/name`, of the roleRef's group and kind), in the referrer's
        /// namespace unless cluster-scoped or ServiceAccounts; then, among
        /// several, those renamed with the referrer's prefixes and suffixes
        /// (an object without any matching anything, at first).
        /// Several left are fine only when they agree on the new name (and
        /// namespace, for mappings).
        func select(_ oldName: String, _ candidates: [Int], filter: Filter, sameNamespaces: Bool) throws -> Int? {
            let target = FieldSpec(group: filter.target.group, version: filter.target.version, kind: filter.target.kind, path: "")
            var remaining = candidates.filter { offset in
                index.items[offset].previousIDs.contains { PrefixSuffixTransformer.selects(target, $0) }
            }
            if filter.spec.path.hasSuffix("roleRef/name"), let roleRef = referrer.object["roleRef"], !roleRef.isNull,
               let group = roleRef["apiGroup"], !group.isNull, let kind = roleRef["kind"], !kind.isNull {
                let selector = FieldSpec(group: group.scalar?.value ?? "", kind: kind.scalar?.value ?? "", path: "")
                remaining = remaining.filter { offset in
                    index.items[offset].previousIDs.contains { PrefixSuffixTransformer.selects(selector, $0) }
                }
            }
            if !referrerIsClusterScoped {
                let namespace = ResourceScope.effectiveNamespace(referrerID)
                remaining = remaining.filter { offset in
                    let id = index.ids[offset]
                    return ResourceScope.isClusterScoped(id) || id.kind == "ServiceAccount"
                        || ResourceScope.effectiveNamespace(id) == namespace
                }
            }
            if remaining.count == 1 { return remaining[0] }
            // First a coarse pass where an empty list of prefixes (or suffixes)
            // on either side matches anything, then, if several are left, an exact one.
            remaining = remaining.filter { sameAffixes(index.items[$0], allowEmpty: true) }
            if remaining.count > 1 {
                remaining = remaining.filter { sameAffixes(index.items[$0], allowEmpty: false) }
            }
            guard let first = remaining.first else { return nil }
            if remaining.count == 1 { return first }
            let firstItem = index.items[first]
            let identical = remaining.allSatisfy { offset in
                let item = index.items[offset]
                return item.name == firstItem.name && (!sameNamespaces || item.namespace == firstItem.namespace)
            }
            if identical { return first }
            let ids = remaining.map { ResourceMap.describe(index.ids[$0]) }.joined(separator: ", ")
            throw RenderError(.build, file: referrer.origin,
                              "found multiple possible referrals: \(ids); give the objects distinct names or name prefixes")
        }

        /// kustomize's `PrefixesSuffixesEquals` between a candidate and the referrer.
        func sameAffixes(_ candidate: BuildResource, allowEmpty: Bool) -> Bool {
            func same(_ a: [String], _ b: [String]) -> Bool {
                (allowEmpty && (a.isEmpty || b.isEmpty)) || Self.sameEnding(a, b)
            }
            return same(candidate.prefixes, referrer.prefixes) && same(candidate.suffixes, referrer.suffixes)
        }

        /// kustomize's `SameEndingSubSlice`: the shorter list is the end of the
        /// longer one; an empty list matches only an empty one.
        static func sameEnding(_ a: [String], _ b: [String]) -> Bool {
            let (shorter, longer) = a.count <= b.count ? (a, b) : (b, a)
            if shorter.isEmpty { return longer.isEmpty }
            return Array(longer.suffix(shorter.count)) == shorter
        }
    }
}
