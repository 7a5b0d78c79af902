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
    /// Extra fields for every `labels:` entry (a configuration file's `labels:`), never for `commonLabels`.
    package var labels: [FieldSpec] = []
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

    /// Adds the field specs of `other` that are not here yet.
    package mutating func merge(_ other: TransformerConfig) {
        Self.merge(&namePrefix, other.namePrefix)
        Self.merge(&nameSuffix, other.nameSuffix)
        Self.merge(&namespace, other.namespace)
        Self.merge(&commonLabels, other.commonLabels)
        Self.merge(&templateLabels, other.templateLabels)
        Self.merge(&commonAnnotations, other.commonAnnotations)
        Self.merge(&images, other.images)
        Self.merge(&replicas, other.replicas)
        Self.merge(&varReference, other.varReference)
        for reference in other.nameReference {
            if let index = nameReference.firstIndex(where: {
                $0.kind == reference.kind && $0.group == reference.group && $0.version == reference.version
            }) {
                Self.merge(&nameReference[index].referrers, reference.referrers)
            } else {
                nameReference.append(reference)
            }
        }
    }

    static func merge(_ specs: inout [FieldSpec], _ more: [FieldSpec]) {
        for spec in more where !specs.contains(spec) { specs.append(spec) }
    }
}
