import Manifests

extension DefaultFieldSpecs {
    /// Where `namePrefix` and `nameSuffix` apply.
    static let namePrefix: [FieldSpec] = [FieldSpec(path: "metadata/name")]
    /// Where `namespace` applies.
    static let namespace: [FieldSpec] = [FieldSpec(path: "metadata/namespace", create: true)]
    /// The fields that hold names of other objects.
    static let nameReference: [TransformerConfig.NameReference] = []
}
