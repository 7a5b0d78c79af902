import Manifests

extension TransformerConfig {
    /// Merges `other` in, as kustomize's `TransformerConfig.Merge`: every list
    /// takes the incoming specs it does not have yet (see `merge(_:_:_:)`),
    /// then is sorted by kind; name references of the same kind pool their
    /// field specs. The order of merges matters: a specific spec merged into a
    /// list with a general one is added, a general one merged into a list with
    /// a specific one is dropped (so a `configurations:` file's
    /// `namePrefix: [{kind: Deployment, path: metadata/name}]` replaces the
    /// default `metadata/name` rather than adding to it).
    package mutating func merge(_ other: TransformerConfig) throws {
        // Most merges bring nothing new (a base's configuration is the defaults);
        // skip the quadratic spec-by-spec merge and the sorts then.
        if other.isEmpty || other == self { return }
        if isEmpty, !other.isEmpty, other == Self.mergedDefaults {
            self = other
            return
        }
        try mergeSpecs(other)
    }

    /// The merge itself, with no shortcut.
    mutating func mergeSpecs(_ other: TransformerConfig) throws {
        try Self.merge(&namePrefix, other.namePrefix, "NamePrefix")
        try Self.merge(&nameSuffix, other.nameSuffix, "NameSuffix")
        try Self.merge(&namespace, other.namespace, "NameSpace")
        try Self.merge(&commonAnnotations, other.commonAnnotations, "CommonAnnotations")
        try Self.merge(&commonLabels, other.commonLabels, "CommonLabels")
        try Self.merge(&templateLabels, other.templateLabels, "TemplateLabels")
        try Self.merge(&labels, other.labels, "Labels")
        try Self.merge(&varReference, other.varReference, "VarReference")
        for reference in other.nameReference {
            var found = false
            for index in nameReference.indices where nameReference[index].group == reference.group
                && nameReference[index].version == reference.version && nameReference[index].kind == reference.kind {
                try Self.merge(&nameReference[index].referrers, reference.referrers, "NameReference")
                found = true
            }
            if !found { nameReference.append(reference) }
        }
        try Self.merge(&images, other.images, "Images")
        try Self.merge(&replicas, other.replicas, "Replicas")
        sortFields()
    }

    /// `merge` for configurations known not to conflict (the built-in defaults).
    mutating func mergeUnchecked(_ other: TransformerConfig) {
        do {
            try mergeSpecs(other)
        } catch {
            // The defaults have no conflicting specs; a conflict here would be a bug in the tables,
            // and merging what did merge is the best that can be done.
        }
    }

    /// True when no list holds a spec.
    var isEmpty: Bool {
        namePrefix.isEmpty && nameSuffix.isEmpty && namespace.isEmpty && commonAnnotations.isEmpty
            && commonLabels.isEmpty && templateLabels.isEmpty && labels.isEmpty && varReference.isEmpty
            && nameReference.isEmpty && images.isEmpty && replicas.isEmpty
    }

    /// kustomize's `sortFields`: every list by kind (`Gvk.IsLessThan`).
    mutating func sortFields() {
        namePrefix = Self.sortedByKind(namePrefix)
        nameSuffix = Self.sortedByKind(nameSuffix)
        namespace = Self.sortedByKind(namespace)
        commonLabels = Self.sortedByKind(commonLabels)
        templateLabels = Self.sortedByKind(templateLabels)
        labels = Self.sortedByKind(labels)
        commonAnnotations = Self.sortedByKind(commonAnnotations)
        nameReference = Self.sortedByKind(nameReference)
        varReference = Self.sortedByKind(varReference)
        images = Self.sortedByKind(images)
        replicas = Self.sortedByKind(replicas)
    }

    /// kustomize's `FsSlice.MergeAll`: an incoming spec is already there when
    /// an existing spec has its path and is selected by its group, version and
    /// kind (empty parts of the incoming one match anything); then differing
    /// `create` flags are an error, else it is dropped. Otherwise it is added.
    static func merge(_ specs: inout [FieldSpec], _ incoming: [FieldSpec], _ field: String) throws {
        for spec in incoming {
            if let existing = specs.first(where: { $0.path == spec.path && selects(spec, $0) }) {
                if existing.create != spec.create {
                    throw RenderError(.kustomization, file: "",
                                      "failed to merge \(field) fieldSpec: conflicting fieldspecs for path '\(spec.path)' (one says create, the other not)")
                }
                continue
            }
            specs.append(spec)
        }
    }

    /// kustomize's `Gvk.IsSelected`: `selector`'s non-empty parts equal `spec`'s.
    static func selects(_ selector: FieldSpec, _ spec: FieldSpec) -> Bool {
        (selector.group.isEmpty || selector.group == spec.group) && (selector.version.isEmpty || selector.version == spec.version)
            && (selector.kind.isEmpty || selector.kind == spec.kind)
    }

    /// Field specs in kustomize's order: by their kind's legacy rank, then by
    /// `group_version_kind`. (kustomize's sort is not stable; specs of the
    /// same kind keep their order here, which changes nothing in the output.)
    static func sortedByKind(_ specs: [FieldSpec]) -> [FieldSpec] {
        let order = LegacyOrder.standard
        let keyed = specs.enumerated().map { (key: order.key(ResourceID(group: $0.element.group, version: $0.element.version,
                                                                       kind: $0.element.kind, name: "")),
                                              offset: $0.offset, spec: $0.element) }
        return keyed.sorted { a, b in
            if LegacyOrder.Key.less(a.key, b.key) { return true }
            if LegacyOrder.Key.less(b.key, a.key) { return false }
            return a.offset < b.offset
        }.map(\.spec)
    }

    /// Name references in kustomize's order for them: by the referred-to
    /// kind's legacy rank, then by `group_version_kind`.
    static func sortedByKind(_ references: [NameReference]) -> [NameReference] {
        let order = LegacyOrder.standard
        return references.sorted { a, b in
            LegacyOrder.Key.less(order.key(ResourceID(group: a.group, version: a.version, kind: a.kind, name: "")),
                                 order.key(ResourceID(group: b.group, version: b.version, kind: b.kind, name: "")))
        }
    }
}
