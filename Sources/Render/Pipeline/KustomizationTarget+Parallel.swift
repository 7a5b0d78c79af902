import FileTree
import Manifests

/// Building the bases of one kustomization on several threads.
///
/// Each base directory of a `resources:` list builds into an accumulator of
/// its own, so bases are independent: a whole-environment kustomization that
/// lists a thousand overlays builds them on every core, then merges them in
/// their listed order, so the output is the same as building them one by one.
/// Each thread reads through its own copy of the tree (`FileTree.concurrentCopy`).
extension KustomizationTarget {
    /// A base built ahead of its turn.
    struct PrebuiltBase {
        var accumulator: Accumulator
        var warnings: [String]
    }

    /// Builds the base directories among `paths` concurrently, or returns `[:]`
    /// when that is not worth it or not possible; the caller then builds them in turn.
    ///
    /// kustomize keeps one OpenAPI schema for the whole build, which a base's
    /// `openapi:` field changes for the bases after it. When any base changed
    /// it, the results are dropped and everything is built in order.
    /// With `plan` (a render by units), each entry reads through its own recorder,
    /// and only the entries it includes are built.
    func prebuildBases(_ paths: [String], context: BuildContext, plan: UnitPlan? = nil) -> [Int: Result<PrebuiltBase, Error>] {
        guard context.parallelBases, ConcurrentMap.processorCount > 1 else { return [:] }
        let directories = paths.indices.filter { index in
            guard plan?.includes(index) ?? true, !Remote.isRemote(paths[index]) else { return false }
            return (plan.map { $0.loader(index, from: loader) } ?? loader).kind(of: paths[index]) == .directory
        }
        guard directories.count >= 4 else { return [:] }
        let workers = min(ConcurrentMap.processorCount, directories.count)
        var loaders: [Loader] = []
        for _ in 0..<workers {
            guard let copy = loader.tree.concurrentCopy() else { return [:] }
            loaders.append(loader.reading(from: copy))
        }
        let readers = WorkerLoaders(loaders)
        let listingFile = file
        let outcomes = ConcurrentMap.map(count: directories.count, workers: workers) { worker, index in
            var workerContext = context
            workerContext.warnings = []
            workerContext.parallelBases = false
            var loader = readers.loaders[worker]
            if let plan {
                loader = plan.loader(directories[index], from: loader)
                workerContext.recorder = plan.recorder(directories[index])
            }
            let result = Result {
                var sub = try KustomizationTarget.buildBase(paths[directories[index]], listedIn: listingFile, loader: loader,
                                                              context: &workerContext)
                // The ids are read here, on the worker, not again when the bases are merged in turn.
                sub.resources.indexIDs()
                return PrebuiltBase(accumulator: sub, warnings: workerContext.warnings)
            }
            return (result: result, schemaChanged: !workerContext.openAPI.sameSchema(as: context.openAPI))
        }
        let slots = outcomes.map(\.result)
        let schemaChanged = outcomes.map(\.schemaChanged)
        if schemaChanged.contains(true) { return [:] }
        var prebuilt: [Int: Result<PrebuiltBase, Error>] = [:]
        for (offset, index) in directories.enumerated() { prebuilt[index] = slots[offset] }
        return prebuilt
    }

    /// One loader per worker thread, each reading through its own copy of the tree.
    ///
    /// `@unchecked Sendable` is sound: the array is never changed once made, and
    /// worker `w` uses only `loaders[w]`, whose tree no other thread reads
    /// (`FileTree.concurrentCopy`).
    final class WorkerLoaders: @unchecked Sendable {
        let loaders: [Loader]

        init(_ loaders: [Loader]) {
            self.loaders = loaders
        }
    }

    /// Builds the base at `path` (a directory listed in the kustomization `file`)
    /// into an accumulator of its own.
    static func buildBase(_ path: String, listedIn file: String, loader: Loader,
                          context: inout BuildContext) throws -> Accumulator {
        var child = try loader.child(path, listedIn: file)
        let key = context.cache.flatMap { _ in
            RenderCache.key(loader: loader, treeName: context.treeName, path: child.root, context: context)
        }
        // Checking an entry's dependencies is not a dependency of this build: the tree is asked directly.
        let tree = (loader.tree as? RecordingTree)?.base ?? loader.tree
        if let key, let entry = context.cache?.entry(key, in: tree) {
            context.warnings += entry.warnings
            // The bases listing this one depend on what it read.
            if let dependencies = entry.dependencies { context.recorder?.record(dependencies) }
            return entry.accumulator
        }
        // In a tree whose objects have identities, the build notes what it reads,
        // so that another revision with the same objects can reuse the result.
        let outer = context.recorder
        var recorder: DependencyRecorder?
        if key != nil, loader.tree.contentIdentity("") != nil {
            let made = DependencyRecorder(parent: outer)
            child = child.reading(from: RecordingTree(base: tree, recorder: made))
            recorder = made
            context.recorder = made
        }
        defer { context.recorder = outer }
        let warningsBefore = context.warnings.count
        let schemaBefore = context.openAPI
        let built = try buildUncached(child, context: &context)
        // A base that switched the OpenAPI schema changed the build beyond its own
        // result; replaying it from the cache would lose that, so it is not stored.
        if let key, context.openAPI.sameSchema(as: schemaBefore) {
            let entry = RenderCache.Entry(accumulator: built, warnings: Array(context.warnings[warningsBefore...]),
                                          dependencies: recorder?.paths, displaySuffix: loader.tree.displaySuffix)
            context.cache?.store(entry, for: key)
        }
        return built
    }

    /// Builds the base whose loader is `child`.
    static func buildUncached(_ child: Loader, context: inout BuildContext) throws -> Accumulator {
        let target = try KustomizationTarget(loader: child, warnings: &context.warnings, cache: context.cache)
        try target.setOpenAPI(in: &context, reset: false)
        if target.kustomization.isComponent {
            throw RenderError(.kustomization, file: target.file,
                              "expected kind != 'Component' for path '\(child.display(""))'; list it under 'components:'")
        }
        var sub = Accumulator()
        try target.accumulate(into: &sub, context: &context)
        return sub
    }
}
