import FileTree
import Manifests
import Synchronization

/// The paths a base's build asked about, each with what was there at the time:
/// its content identity (a git object id) and kind, or "-" for nothing.
///
/// A build only reads files, lists directories and asks what a path is, and
/// each answer is fixed by the object at that path. So a base whose paths all
/// hold the same objects in another revision builds the same there, and its
/// result is reused (`RenderCache`). Recorders nest: what a base notes, the
/// bases that list it note too. Only for trees with content identities.
final class DependencyRecorder: Sendable {
    private let parent: DependencyRecorder?
    private struct Noted {
        var states: [String: String] = [:]
        /// The paths whose kind alone was asked (never read nor listed).
        var kindOnly: Set<String> = []
    }
    private let noted = Mutex(Noted())

    init(parent: DependencyRecorder?) {
        self.parent = parent
    }

    /// The paths noted so far, with what was there.
    var paths: [String: String] {
        noted.withLock { $0.states }
    }

    /// The paths of `paths` whose kind alone the build asked: what is below
    /// such a directory matters only when something there appears or goes.
    var kindOnlyPaths: Set<String> {
        noted.withLock { $0.kindOnly }
    }

    /// Notes `path` of `tree` (here and in every enclosing recorder), and
    /// where it leads once symbolic links are followed, so that a change
    /// found by comparing trees path by path is seen at either place.
    /// `kindOnly`: only what the path is was asked, not its content.
    func note(_ path: String, in tree: any FileTree, kindOnly: Bool = false) {
        let known = noted.withLock { noted -> Bool in
            guard noted.states[path] != nil else { return false }
            if !kindOnly { noted.kindOnly.remove(path) }
            return true
        }
        if known {
            parent?.note(path, in: tree, kindOnly: kindOnly)
            return
        }
        var paths = [path: Self.state(of: path, in: tree)]
        if let real = Self.linkFreePath(of: path, in: tree), real != path { paths[real] = Self.state(of: real, in: tree) }
        record(paths, kindOnly: kindOnly)
    }

    /// `path` with the symbolic links on its way followed; for a path where
    /// nothing is, its deepest existing directory's real path and the rest.
    static func linkFreePath(of path: String, in tree: any FileTree) -> String? {
        if let real = tree.realPath(path) { return real }
        var rest = [TreePath.base(path)]
        var ancestor = TreePath.parent(path)
        while !ancestor.isEmpty {
            if let real = tree.realPath(ancestor) {
                return ([real] + rest.reversed()).filter { !$0.isEmpty }.joined(separator: "/")
            }
            rest.append(TreePath.base(ancestor))
            ancestor = TreePath.parent(ancestor)
        }
        return nil
    }

    /// Takes in what a reused base had noted (as read, unless `kindOnly`).
    func record(_ paths: [String: String], kindOnly: Bool = false) {
        noted.withLock { noted in
            for (path, state) in paths {
                if kindOnly, noted.states[path] == nil { noted.kindOnly.insert(path) }
                if !kindOnly { noted.kindOnly.remove(path) }
                noted.states[path] = state
            }
        }
        parent?.record(paths, kindOnly: kindOnly)
    }

    /// What is at `path`: its object id and kind (a symbolic link and a file can
    /// share an id), or "-".
    static func state(of path: String, in tree: any FileTree) -> String {
        guard let identity = tree.contentIdentity(path), let kind = tree.entryKind(path) else { return "-" }
        switch kind {
        case .file: return identity + " f"
        case .directory: return identity + " d"
        case .other: return identity + " o"
        }
    }

    /// Whether every path of `paths` holds the same in `tree`.
    static func unchanged(_ paths: [String: String], in tree: any FileTree) -> Bool {
        paths.allSatisfy { state(of: $0.key, in: tree) == $0.value }
    }
}

/// A tree that notes, in a recorder, every path asked about.
struct RecordingTree: FileTree {
    let base: any FileTree
    let recorder: DependencyRecorder

    func entryKind(_ path: String) -> FileEntryKind? {
        recorder.note(path, in: base, kindOnly: true)
        return base.entryKind(path)
    }

    func readFile(_ path: String) throws -> [UInt8] {
        recorder.note(path, in: base)
        return try base.readFile(path)
    }

    func listDirectory(_ path: String) throws -> [String] {
        recorder.note(path, in: base)
        return try base.listDirectory(path)
    }

    func displayPath(_ path: String) -> String { base.displayPath(path) }
    func realPath(_ path: String) -> String? { base.realPath(path) }
    func contentIdentity(_ path: String) -> String? { base.contentIdentity(path) }
    var displaySuffix: String { base.displaySuffix }

    func concurrentCopy() -> (any FileTree)? {
        base.concurrentCopy().map { RecordingTree(base: $0, recorder: recorder) }
    }
}

/// What a whole render read (`Renderer.renderRecordingInputs`): each path it
/// asked about and what was there, as `DependencyRecorder` notes them.
package struct RenderInputs: Sendable, Equatable {
    /// Path → the object id and kind there ("<id> f", "<id> d", "<id> o"), or "-" for nothing.
    package var paths: [String: String]

    package init(paths: [String: String]) {
        self.paths = paths
    }

    /// Whether `tree` holds the same at every path, so that it renders the same.
    package func unchanged(in tree: any FileTree) -> Bool {
        DependencyRecorder.unchanged(paths, in: tree)
    }

    /// What `tree` holds at `path`, in the form of `paths`' values.
    package static func state(of path: String, in tree: any FileTree) -> String {
        DependencyRecorder.state(of: path, in: tree)
    }
}
