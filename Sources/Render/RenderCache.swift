import Manifests
import Synchronization

/// Bases already built, shared by the renders of one tree (every environment
/// of a revision, or the overlays a hook checks): a base a thousand overlays
/// or three environments list is built once.
///
/// A base's build depends only on the tree and on the OpenAPI schema in force
/// (and, when origins are tracked, on the top directory), so entries are keyed
/// by the tree's identity (its root's git object id: a revision that did not
/// change the tree reuses the same entries), the base's path and those two.
/// A tree without an identity (a directory on disk) caches within the renders
/// that share this cache object only.
///
/// The entries sit behind a mutex, so renders on several threads share them.
package final class RenderCache: Sendable {
    struct Key: Hashable {
        var tree: String
        var path: String
        var schema: String
        var originRoot: String?
    }

    struct Entry {
        var accumulator: Accumulator
        var warnings: [String]
    }

    private let entries = Mutex<[Key: Entry]>([:])

    package init() {}

    /// The number of bases stored, for tests and reports.
    package var count: Int {
        entries.withLock { $0.count }
    }

    func entry(_ key: Key) -> Entry? {
        entries.withLock { $0[key] }
    }

    func store(_ entry: Entry, for key: Key) {
        entries.withLock { $0[key] = entry }
    }

    /// The key of the base at the tree path `path`, or `nil` when it must not be cached.
    static func key(tree: any FileTree, treeName: String, path: String, context: BuildContext) -> Key? {
        guard let schema = context.openAPI.cacheKey else { return nil }
        let identity = tree.contentIdentity("") ?? treeName
        return Key(tree: identity, path: path, schema: schema, originRoot: context.originRoot)
    }
}
