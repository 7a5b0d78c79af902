import Manifests

/// `labels` and `commonLabels`: string labels set in `metadata.labels` and,
/// depending on the entry, in selectors and pod templates.
///
/// kustomize runs one transformer per `labels:` entry, then one for
/// `commonLabels`, so `commonLabels` wins on a shared key.
struct LabelTransformer {
    let setter: MapEntrySetter

    /// A `labels:` entry: its own `fields` first, then the selectors and
    /// templates of `commonLabels` (`includeSelectors`), or the templates
    /// (`includeTemplates`) and `metadata/labels`; then the `labels` fields
    /// of the transformer configuration.
    init(labels: Kustomization.LabelSet, config: TransformerConfig, file: String = "") throws {
        var specs = labels.fields
        do {
            if labels.includeSelectors {
                try Self.merge(&specs, config.commonLabels)
            } else {
                if labels.includeTemplates { try Self.merge(&specs, config.templateLabels) }
                try Self.merge(&specs, [FieldSpec(path: "metadata/labels", create: true)])
            }
            try Self.merge(&specs, config.labels)
        } catch var error as RenderError {
            error.file = file
            throw error
        }
        setter = MapEntrySetter(pairs: labels.pairs, fieldSpecs: specs)
    }

    init(commonLabels: [(key: String, value: String)], config: TransformerConfig) {
        setter = MapEntrySetter(pairs: commonLabels, fieldSpecs: config.commonLabels)
    }

    init(pairs: [(key: String, value: String)], fieldSpecs: [FieldSpec]) {
        setter = MapEntrySetter(pairs: pairs, fieldSpecs: fieldSpecs)
    }

    func apply(to resources: inout ResourceMap) throws {
        try setter.apply(to: &resources)
    }

    /// kustomize's `FsSlice.MergeAll`: an incoming spec is already there when
    /// one with its path is selected by its group, version and kind (empty
    /// parts match anything); a differing `create` is then a conflict.
    static func merge(_ specs: inout [FieldSpec], _ more: [FieldSpec]) throws {
        for spec in more {
            if let existing = specs.first(where: {
                $0.path == spec.path && (spec.group.isEmpty || spec.group == $0.group)
                    && (spec.version.isEmpty || spec.version == $0.version) && (spec.kind.isEmpty || spec.kind == $0.kind)
            }) {
                if existing.create != spec.create {
                    throw RenderError(.kustomization, file: "",
                                      "failed to merge labels: conflicting fieldspecs: '\(spec.path)' of kind '\(spec.kind)' is listed with and without 'create' in 'labels' and the default label fields; drop it from 'fields'")
                }
                continue
            }
            specs.append(spec)
        }
    }
}
