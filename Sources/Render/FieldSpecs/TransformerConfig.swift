import Manifests

/// Which fields each built-in transformer touches, per kind: kustomize's
/// "transformer configuration". Starts empty, takes in the defaults (and a
/// kustomization's `configurations:` files and `crds:`) by merging; see
/// `TransformerConfig+Merging.swift`.
package struct TransformerConfig: Sendable, Equatable {
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
}
