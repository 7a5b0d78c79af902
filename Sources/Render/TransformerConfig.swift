import Manifests

/// Which fields each built-in transformer touches, per kind: kustomize's
/// "transformer configuration". Starts from the defaults and grows with a
/// kustomization's `configurations:` files and `crds:`.
package struct TransformerConfig: Sendable {
    package var namePrefix: [FieldSpec] = []
    package var nameSuffix: [FieldSpec] = []
    package var namespace: [FieldSpec] = []
    package var commonLabels: [FieldSpec] = []
    package var templateLabels: [FieldSpec] = []
    package var commonAnnotations: [FieldSpec] = []
    package var images: [FieldSpec] = []
    package var replicas: [FieldSpec] = []
    package var varReference: [FieldSpec] = []
    package var nameReference: [NameReference] = []

    /// The objects that refer to one kind by name, and the fields that hold the name.
    package struct NameReference: Sendable, Equatable {
        /// The referred-to kind (with optional group and version).
        package var group = ""
        package var version = ""
        package var kind = ""
        /// The fields of other objects that hold its name.
        package var referrers: [FieldSpec] = []

        package init(group: String = "", version: String = "", kind: String, referrers: [FieldSpec]) {
            self.group = group
            self.version = version
            self.kind = kind
            self.referrers = referrers
        }
    }

    package init() {}

    /// Adds the field specs of `other` that are not here yet, as kustomize's
    /// `TransformerConfig.Merge`: a spec is already here when its group,
    /// version, kind and path match; a match that differs in `create` is an
    /// error. The name references end up sorted by their kind's legacy order
    /// (kustomize sorts them on every merge), which decides which reference
    /// wins when two kinds claim the same field.
    package mutating func merge(_ other: TransformerConfig) throws {
        try Self.merge(&namePrefix, other.namePrefix, "NamePrefix")
        try Self.merge(&nameSuffix, other.nameSuffix, "NameSuffix")
        try Self.merge(&namespace, other.namespace, "NameSpace")
        try Self.merge(&commonLabels, other.commonLabels, "CommonLabels")
        try Self.merge(&templateLabels, other.templateLabels, "TemplateLabels")
        try Self.merge(&commonAnnotations, other.commonAnnotations, "CommonAnnotations")
        try Self.merge(&images, other.images, "Images")
        try Self.merge(&replicas, other.replicas, "Replicas")
        try Self.merge(&varReference, other.varReference, "VarReference")
        for reference in other.nameReference {
            if let index = nameReference.firstIndex(where: {
                $0.kind == reference.kind && $0.group == reference.group && $0.version == reference.version
            }) {
                try Self.merge(&nameReference[index].referrers, reference.referrers, "NameReference")
            } else {
                nameReference.append(reference)
            }
        }
        nameReference = Self.sortedByKind(nameReference)
    }

    /// Name references in kustomize's order for them: by the referred-to kind's
    /// legacy rank, then by `group_version_kind`.
    static func sortedByKind(_ references: [NameReference]) -> [NameReference] {
        let order = LegacyOrder()
        return references.sorted { a, b in
            LegacyOrder.Key.less(order.key(ResourceID(group: a.group, version: a.version, kind: a.kind, name: "")),
                                 order.key(ResourceID(group: b.group, version: b.version, kind: b.kind, name: "")))
        }
    }

    static func merge(_ specs: inout [FieldSpec], _ more: [FieldSpec], _ field: String) throws {
        for spec in more {
            if let existing = specs.first(where: {
                $0.group == spec.group && $0.version == spec.version && $0.kind == spec.kind && $0.path == spec.path
            }) {
                if existing.create != spec.create {
                    throw RenderError(.kustomization, file: "",
                                      "failed to merge \(field) fieldSpec: conflicting fieldspecs for path '\(spec.path)' (create differs)")
                }
                continue
            }
            specs.append(spec)
        }
    }
}
