import Manifests

extension Selector {
    /// The offsets of the resources this selector picks, in order, as
    /// kustomize's `ResMap.Select` does: group, version and kind as anchored
    /// regular expressions against the current id (when set), name and
    /// namespace likewise against the original or the current id, then the
    /// label and annotation selectors.
    package func select(in resources: ResourceMap) throws -> [Int] {
        let groupRegex = try Self.regex(group)
        let versionRegex = try Self.regex(version)
        let kindRegex = try Self.regex(kind)
        let nameRegex = try Self.regex(name)
        let namespaceRegex = try Self.regex(namespace)
        let labels = try LabelSelector(labelSelector)
        let annotations = try LabelSelector(annotationSelector)
        var result: [Int] = []
        for (offset, item) in resources.items.enumerated() {
            let current = item.id
            let original = item.originalID
            if let groupRegex, !Self.wholeMatch(groupRegex, current.group) { continue }
            if let versionRegex, !Self.wholeMatch(versionRegex, current.version) { continue }
            if let kindRegex, !Self.wholeMatch(kindRegex, current.kind) { continue }
            if let namespaceRegex {
                let matched = Self.wholeMatch(namespaceRegex, ResourceScope.effectiveNamespace(original))
                    || Self.wholeMatch(namespaceRegex, ResourceScope.effectiveNamespace(current))
                if !matched { continue }
            }
            if let nameRegex, !Self.wholeMatch(nameRegex, original.name), !Self.wholeMatch(nameRegex, current.name) { continue }
            if !labels.requirements.isEmpty, !labels.matches(Resource(item.object).labels) { continue }
            if !annotations.requirements.isEmpty, !annotations.matches(Resource(item.object).annotations) { continue }
            result.append(offset)
        }
        return result
    }

    static func regex(_ pattern: String) throws -> Regex<AnyRegexOutput>? {
        guard !pattern.isEmpty else { return nil }
        do {
            return try Regex(pattern)
        } catch {
            throw RenderError(.kustomization, file: "", "invalid regular expression '\(pattern)' in a target selector: \(error)")
        }
    }

    static func wholeMatch(_ regex: Regex<AnyRegexOutput>, _ text: String) -> Bool {
        (try? regex.wholeMatch(in: text)) != nil
    }
}
