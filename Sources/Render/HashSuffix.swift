import Manifests

/// Appends the content hash to the names of generated ConfigMaps and Secrets.
enum HashSuffix {
    static func apply(to resources: inout ResourceMap) throws {
        for item in resources.items where item.needsHashSuffix {
            throw RenderError(.build, file: item.origin, "generated names are not supported yet")
        }
    }
}
