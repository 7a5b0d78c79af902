import Manifests

/// Origin bookkeeping of a kustomization, done only when the build tracks
/// origins (`BuildContext.originRoot` is set).
extension KustomizationTarget {
    /// `relative` (a path of this kustomization's directory) as origins
    /// show it: relative to the directory being built; nil when origins are not tracked.
    func originPath(_ relative: String, context: BuildContext) -> String? {
        guard let root = context.originRoot, let path = try? loader.resolve(relative) else { return nil }
        return Origin.relativePath(path, from: root)
    }

    /// The origin of what a built-in generator or transformer configured by
    /// one of this kustomization's fields makes or changes.
    func builtinOrigin(_ kind: String, context: BuildContext) -> Origin? {
        guard let file = originPath(fileName, context: context) else { return nil }
        return Origin.builtin(kind, configuredIn: file)
    }

    /// What kustomize does after each transformer of a kustomization: with
    /// origins tracked, records that it ran over every resource accumulated
    /// so far (changed or not); then drops the objects it left empty.
    func noteTransformer(_ kind: String, on resources: inout ResourceMap, context: BuildContext) {
        if let origin = builtinOrigin(kind, context: context) { Self.note(origin, on: &resources) }
        PluginConfigs.dropEmpty(&resources)
    }

    static func note(_ origin: Origin, on resources: inout ResourceMap) {
        resources.modifyAll { $0.noteTransformation(origin) }
    }
}
