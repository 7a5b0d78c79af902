import Manifests

/// `replicas`.
struct ReplicaTransformer {
    let replica: Kustomization.ReplicaSpec
    let fieldSpecs: [FieldSpec]
    let file: String

    func apply(to resources: inout ResourceMap) throws {
        throw notYetSupported("replicas", file: file)
    }
}
