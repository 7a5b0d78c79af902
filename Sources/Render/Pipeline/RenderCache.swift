import FileTree
import Manifests
import Synchronization

/// Bases already built, shared by renders (every environment of a revision,
/// the overlays a hook checks, the old and new revisions of a push): a base
/// that a thousand overlays or three environments list is built once, and so
/// is a base that a new revision did not change.
///
/// A base's build depends only on the objects it reads, the OpenAPI schema in
/// force and the load restrictor (and, when origins are tracked, on the top
/// directory). Entries are found two ways:
/// - by the tree's identity (its root's git object id), the base's path and
///   those: the renders of one tree share every entry;
/// - in a tree with content identities, by the base's path and those,
///   then checked: an entry holds the paths its build asked about and what
///   was there (`DependencyRecorder`), and is reused where all are the same.
/// A tree without identities (a directory on disk) caches within the renders
/// that share this cache object only.
///
/// The entries sit behind a mutex, so renders on several threads share them.
package final class RenderCache: Sendable {
    struct Key: Hashable {
        var tree: String
        var path: String
        var schema: String
        var originRoot: String?
        /// What may be loaded decides whether a build succeeds.
        var restrictor: Loader.Restrictor = .rootOnly
        /// SOPS files read as plaintext or as they are.
        var decrypting = false

        /// The key without the tree, for entries checked path by path.
        var anyTree: Key {
            var key = self
            key.tree = ""
            return key
        }
    }

    struct Entry {
        var accumulator: Accumulator
        var warnings: [String]
        /// The paths the build asked about and what was there; nil when not recorded.
        var dependencies: [String: String]?
        /// The suffix of the tree's display paths the results name files with.
        var displaySuffix: String
    }

    private struct Entries {
        var byTree: [Key: Entry] = [:]
        var checked: [Key: [Entry]] = [:]
        var reused = 0
    }

    private let entries = Mutex<Entries>(Entries())
    /// Kustomization files, resource files and patches read more than once, decoded once.
    let kustomizations = ParseMemo<Kustomization>()
    let resourceFiles = ParseMemo<[Node]>()
    let patches = ParseMemo<LoadedPatch>()

    /// Whether built bases are kept for other renders; parsed files are kept either way.
    let keepsBases: Bool

    /// A cache; with `keepsBases` false it keeps only parsed files, for a render
    /// of one directory, whose bases are each built once: a kept base would hold
    /// its objects twice, as built and as the overlays above it changed them.
    package init(keepsBases: Bool = true) {
        self.keepsBases = keepsBases
    }

    /// The number of bases stored, for tests and reports.
    package var count: Int {
        entries.withLock { $0.byTree.count }
    }

    /// How many bases were taken from the build of another tree, for tests and reports.
    package var reusedFromOtherTrees: Int {
        entries.withLock { $0.reused }
    }

    /// The entry for `key`; in `tree`, also one built from another tree whose
    /// dependencies are the same in `tree`. Either is shown with `tree`'s display paths.
    func entry(_ key: Key, in tree: any FileTree) -> Entry? {
        let (found, candidates) = entries.withLock { entries in
            (entries.byTree[key], entries.byTree[key] == nil ? entries.checked[key.anyTree] ?? [] : [])
        }
        if let found { return Self.shown(found, in: tree) }
        guard let reusable = candidates.last(where: { entry in
            entry.dependencies.map { DependencyRecorder.unchanged($0, in: tree) } ?? false
        }) else { return nil }
        let entry = Self.shown(reusable, in: tree)
        entries.withLock { entries in
            entries.byTree[key] = entry
            entries.reused += 1
        }
        return entry
    }

    /// `entry` naming files as `tree` shows them.
    private static func shown(_ entry: Entry, in tree: any FileTree) -> Entry {
        guard entry.displaySuffix != tree.displaySuffix else { return entry }
        var shown = entry
        shown.accumulator.relabel(from: entry.displaySuffix, to: tree.displaySuffix)
        shown.displaySuffix = tree.displaySuffix
        return shown
    }

    func store(_ entry: Entry, for key: Key) {
        guard keepsBases else { return }
        entries.withLock { entries in
            entries.byTree[key] = entry
            if entry.dependencies != nil { entries.checked[key.anyTree, default: []].append(entry) }
        }
    }

    /// The key of the base at the tree path `path`, or `nil` when it must not be cached.
    static func key(loader: Loader, treeName: String, path: String, context: BuildContext) -> Key? {
        guard let schema = context.openAPI.cacheKey else { return nil }
        let identity = loader.tree.contentIdentity("") ?? treeName
        return Key(tree: identity, path: path, schema: schema, originRoot: context.originRoot, restrictor: loader.restrictor,
                   decrypting: context.decrypting)
    }
}

extension Accumulator {
    /// Shows the files the results name as a tree with display suffix `new`
    /// shows them, where they were shown with `old`.
    mutating func relabel(from old: String, to new: String) {
        guard old != new, !old.isEmpty else { return }
        func relabel(_ display: String) -> String {
            display.hasSuffix(old) ? String(display.dropLast(old.count)) + new : display
        }
        resources.modifyAll { $0.origin = relabel($0.origin) }
        for index in vars.indices { vars[index].file = relabel(vars[index].file) }
    }
}
