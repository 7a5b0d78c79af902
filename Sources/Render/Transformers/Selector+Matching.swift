import Manifests

extension Selector {
    /// The offsets of the resources this selector picks, in order, as
    /// kustomize's `ResMap.Select` does: group, version and kind as anchored
    /// regular expressions against the current id (when set), name and
    /// namespace likewise against the original or the current id, then the
    /// label and annotation selectors.
    package func select(in resources: ResourceMap) throws -> [Int] {
        let groupPattern = try TextPattern(group, field: "group")
        let versionPattern = try TextPattern(version, field: "version")
        let kindPattern = try TextPattern(kind, field: "kind")
        let namePattern = try TextPattern(name, field: "name")
        let namespacePattern = try TextPattern(namespace, field: "namespace")
        let labels = try LabelSelector.parse(labelSelector)
        let annotations = try LabelSelector.parse(annotationSelector)
        var result: [Int] = []
        let needsVersion = !groupPattern.matchesAnything || !versionPattern.matchesAnything
        let needsName = !namespacePattern.matchesAnything || !namePattern.matchesAnything
        for (offset, item) in resources.items.enumerated() {
            // Most targets name a kind only: the whole id is read only when asked for.
            if !kindPattern.matchesAnything, !kindPattern.matches(Resource(item.object).kind) { continue }
            if needsVersion || needsName {
                let current = item.id
                if !groupPattern.matches(current.group) || !versionPattern.matches(current.version) { continue }
                if needsName {
                    let original = item.originalID
                    if !namespacePattern.matchesAnything {
                        let matched = namespacePattern.matches(ResourceScope.effectiveNamespace(original))
                            || namespacePattern.matches(ResourceScope.effectiveNamespace(current))
                        if !matched { continue }
                    }
                    if !namePattern.matches(original.name), !namePattern.matches(current.name) { continue }
                }
            }
            if !labels.isEmpty, !labels.matches(Resource(item.object).labels) { continue }
            if !annotations.isEmpty, !annotations.matches(Resource(item.object).annotations) { continue }
            result.append(offset)
        }
        return result
    }
}
