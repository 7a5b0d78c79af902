import Manifests

/// `transformers:`, `generators:` and `validators:` entries that configure kustomize's built-in plugins.
enum PluginConfigs {
    static func runTransformers(_ paths: [String], loader: Loader, file: String, accumulator: inout Accumulator, context: inout BuildContext) throws {
        if !paths.isEmpty { throw notYetSupported("transformers", file: file) }
    }

    static func runValidators(_ paths: [String], loader: Loader, file: String) throws {
        if !paths.isEmpty { throw notYetSupported("validators", file: file) }
    }
}
