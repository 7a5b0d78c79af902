import Manifests

/// `images`.
struct ImageTransformer {
    let image: Kustomization.ImageSpec
    let fieldSpecs: [FieldSpec]

    func apply(to resources: inout ResourceMap) throws {
        throw notYetSupported("images", file: "")
    }
}
