import Manifests

/// `patchesStrategicMerge`, `patches` and `patchesJson6902`.
enum PatchTransformer {
    static func applyStrategicMergePatches(_ patches: [String], loader: Loader, file: String, to resources: inout ResourceMap) throws {
        if !patches.isEmpty { throw notYetSupported("patchesStrategicMerge", file: file) }
    }

    static func applyPatches(_ patches: [Kustomization.PatchSpec], loader: Loader, file: String, to resources: inout ResourceMap) throws {
        if !patches.isEmpty { throw notYetSupported("patches", file: file) }
    }

    static func applyJSON6902Patches(_ patches: [Kustomization.PatchSpec], loader: Loader, file: String, to resources: inout ResourceMap) throws {
        if !patches.isEmpty { throw notYetSupported("patchesJson6902", file: file) }
    }
}
