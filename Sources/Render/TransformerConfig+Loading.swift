import Manifests

extension TransformerConfig {
    /// The configuration in `configurations:` files.
    static func load(_ paths: [String], loader: Loader) throws -> TransformerConfig {
        if !paths.isEmpty { throw notYetSupported("configurations", file: loader.display("")) }
        return TransformerConfig()
    }

    /// The name references declared by CRD files (`crds:`).
    static func fromCRDs(_ paths: [String], loader: Loader) throws -> TransformerConfig {
        if !paths.isEmpty { throw notYetSupported("crds", file: loader.display("")) }
        return TransformerConfig()
    }
}
