import Manifests

extension DefaultFieldSpecs {
    /// Where `commonLabels` (and `labels` with `includeSelectors`) apply.
    static let commonLabels: [FieldSpec] = [FieldSpec(path: "metadata/labels", create: true)]
    /// Where `labels` with `includeTemplates` apply.
    static let templateLabels: [FieldSpec] = []
    /// Where `commonAnnotations` apply.
    static let commonAnnotations: [FieldSpec] = [FieldSpec(path: "metadata/annotations", create: true)]
    /// Where `images` apply.
    static let images: [FieldSpec] = []
    /// Where `replicas` apply.
    static let replicas: [FieldSpec] = []
    /// Where `$(VAR)` references are replaced.
    static let varReference: [FieldSpec] = []
}
