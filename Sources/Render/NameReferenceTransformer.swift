import Manifests

/// Rewrites references to objects whose names changed during the build.
struct NameReferenceTransformer {
    let config: [TransformerConfig.NameReference]

    func apply(to resources: inout ResourceMap) throws {}
}
