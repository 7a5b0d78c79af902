import Manifests

/// `configMapGenerator` and `secretGenerator`.
enum Generators {
    static func run(_ kustomization: Kustomization, loader: Loader, file: String, into resources: inout ResourceMap) throws {
        if !kustomization.configMapGenerator.isEmpty { throw notYetSupported("configMapGenerator", file: file) }
        if !kustomization.secretGenerator.isEmpty { throw notYetSupported("secretGenerator", file: file) }
        if !kustomization.generators.isEmpty { throw notYetSupported("generators", file: file) }
    }
}
