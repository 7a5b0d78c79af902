import Manifests

/// `replacements`.
enum ReplacementTransformer {
    static func apply(_ replacements: [Kustomization.ReplacementEntry], loader: Loader, file: String, to resources: inout ResourceMap) throws {
        if !replacements.isEmpty { throw notYetSupported("replacements", file: file) }
    }
}
