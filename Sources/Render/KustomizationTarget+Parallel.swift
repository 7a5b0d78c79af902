import Dispatch
import Manifests
#if canImport(Glibc)
import Glibc
#endif

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

    /// The number of threads to build bases on.
    static let processorCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Builds the base directories among `paths` concurrently, or returns `[:]`
    /// when that is not worth it or not possible; the caller then builds them in turn.
    ///
    /// kustomize keeps one OpenAPI schema for the whole build, which a base's
    /// `openapi:` field changes for the bases after it. When any base changed
    /// it, the results are dropped and everything is built in order.
    func prebuildBases(_ paths: [String], context: BuildContext) -> [Int: Result<PrebuiltBase, Error>] {
        guard context.parallelBases, Self.processorCount > 1 else { return [:] }
        let directories = paths.indices.filter { !Remote.isRemote(paths[$0]) && loader.kind(of: paths[$0]) == .directory }
        guard directories.count >= 4 else { return [:] }
        let workers = min(Self.processorCount, directories.count)
        var trees: [any FileTree] = []
        for _ in 0..<workers {
            guard let copy = loader.tree.concurrentCopy() else { return [:] }
            trees.append(copy)
        }
        let work = ParallelWork(target: self, trees: trees, paths: paths, directories: directories, context: context)
        defer { work.deallocate() }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in work.run(worker: worker, workers: workers) }
        let slots = Array(work.results)
        let schemaChanged = Array(work.schemaChanged)
        if schemaChanged.contains(true) { return [:] }
        var prebuilt: [Int: Result<PrebuiltBase, Error>] = [:]
        for (offset, index) in directories.enumerated() {
            if let result = slots[offset] { prebuilt[index] = result }
        }
        return prebuilt
    }

    /// The shared inputs and the result slots of one parallel build.
    ///
    /// `@unchecked Sendable` is sound here: the inputs are never changed once
    /// the workers start; worker `w` reads only through `trees[w]` and writes
    /// only `results[i]` for the indices `i ≡ w (mod workers)` and
    /// `schemaChanged[w]`, through raw buffers (no shared array storage, no
    /// exclusivity checks); and the slots are read only after
    /// `concurrentPerform` has returned, which waits for every worker.
    final class ParallelWork: @unchecked Sendable {
        let target: KustomizationTarget
        let trees: [any FileTree]
        let paths: [String]
        let directories: [Int]
        let context: BuildContext
        let results: UnsafeMutableBufferPointer<Result<PrebuiltBase, Error>?>
        let schemaChanged: UnsafeMutableBufferPointer<Bool>

        init(target: KustomizationTarget, trees: [any FileTree], paths: [String], directories: [Int], context: BuildContext) {
            self.target = target
            self.trees = trees
            self.paths = paths
            self.directories = directories
            self.context = context
            results = .allocate(capacity: directories.count)
            results.initialize(repeating: nil)
            schemaChanged = .allocate(capacity: trees.count)
            schemaChanged.initialize(repeating: false)
        }

        func run(worker: Int, workers: Int) {
            let loader = target.loader.reading(from: trees[worker])
            var index = worker
            // One context per worker, carried from base to base as the build in turn would.
            var workerContext = context
            workerContext.parallelBases = false
            while index < directories.count {
                workerContext.warnings = []
                results[index] = Result {
                    let sub = try KustomizationTarget.buildBase(paths[directories[index]], loader: loader, context: &workerContext)
                    return PrebuiltBase(accumulator: sub, warnings: workerContext.warnings)
                }
                if !workerContext.openAPI.sameSchema(as: context.openAPI) { schemaChanged[worker] = true }
                index += workers
            }
        }

        func deallocate() {
            results.deinitialize()
            results.deallocate()
            schemaChanged.deinitialize()
            schemaChanged.deallocate()
        }
    }

    /// Builds the base at `path` (a directory) into an accumulator of its own.
    static func buildBase(_ path: String, loader: Loader, context: inout BuildContext) throws -> Accumulator {
        let child = try loader.child(path)
        let key = context.cache.flatMap { _ in
            RenderCache.key(tree: loader.tree, treeName: context.treeName, path: child.root, context: context)
        }
        if let key, let entry = context.cache?.entry(key) {
            context.warnings += entry.warnings
            return entry.accumulator
        }
        let warningsBefore = context.warnings.count
        let schemaBefore = context.openAPI
        let built = try buildUncached(child, context: &context)
        // A base that switched the OpenAPI schema changed the build beyond its own
        // result; replaying it from the cache would lose that, so it is not stored.
        if let key, context.openAPI.sameSchema(as: schemaBefore) {
            context.cache?.store(RenderCache.Entry(accumulator: built, warnings: Array(context.warnings[warningsBefore...])), for: key)
        }
        return built
    }

    /// Builds the base whose loader is `child`.
    static func buildUncached(_ child: Loader, context: inout BuildContext) throws -> Accumulator {
        let target = try KustomizationTarget(loader: child, warnings: &context.warnings)
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
