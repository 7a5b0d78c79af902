import Git
import Manifests
import Plan
import Render

/// The diff of an environment's render between two revisions, object by
/// object, as `-o ops.diff` shows a pusher and `git ops validate --diff` a
/// CI pipeline: normalised and with Secret values masked as a sync's diff is
/// (`Plan`'s `ObjectDiff`), the old render standing where live would.
package struct RenderedDiff {
    let repository: Repository
    /// Shared with the renders of the new revision, so unchanged bases are built once.
    let cache: RenderCache

    package init(repository: Repository, cache: RenderCache) {
        self.repository = repository
        self.cache = cache
    }

    /// The unified diff from what `environment` rendered at `old` (nothing when
    /// it did not exist or did not render) to `objects`, object by object.
    package func diff(_ objects: [Node], before old: ObjectID?, environment: Environment?) -> String {
        var previous: [ObjectKey: Node] = [:]
        if let old, let environment, let tree = try? repository.tree(at: old),
           let output = try? Renderer(tree: tree, cache: cache).render(environment.path) {
            for object in output.objects { previous[ObjectKey(of: object)] = object }
        }
        var current: [ObjectKey: Node] = [:]
        for object in objects { current[ObjectKey(of: object)] = object }
        return Set(previous.keys).union(current.keys).sorted().compactMap { key in
            // ObjectDiff normalises and masks Secret values as a sync's diff does;
            // the old render stands where live would, labelled as git labels sides.
            guard let diff = try? ObjectDiff(key: key, live: previous[key], predicted: current[key]), diff.hasChanges else { return nil }
            return UnifiedDiff.render(old: diff.live ?? "", new: diff.predicted ?? "",
                                      oldLabel: diff.live == nil ? "/dev/null" : "a/\(key)",
                                      newLabel: diff.predicted == nil ? "/dev/null" : "b/\(key)")
        }.joined()
    }
}
