import FileTree
import Manifests

/// Reads the files a kustomization names, relative to its directory, with
/// kustomize's load restrictor: by default a file must lie in or below the
/// kustomization's directory; a directory (a base) may be anywhere in the tree.
package struct Loader {
    /// Where files may be loaded from.
    package enum Restrictor: String, Sendable {
        /// Files must be in or below the kustomization's directory (kustomize's default).
        case rootOnly
        /// Any file of the tree may be loaded.
        case none
    }

    let tree: any FileTree
    /// The kustomization's directory, a tree path.
    package let root: String
    let restrictor: Restrictor
    /// The directories above this one in the chain of bases, to refuse cycles.
    let ancestors: [String]
    /// `ancestors` and `root` with symbolic links followed (`nil` outside the
    /// tree), worked out once per base rather than at every base below it.
    let realChain: [String?]

    init(tree: any FileTree, root: String, restrictor: Restrictor) {
        self.init(tree: tree, root: root, restrictor: restrictor, ancestors: [], realChain: [tree.realPath(root)])
    }

    private init(tree: any FileTree, root: String, restrictor: Restrictor, ancestors: [String], realChain: [String?]) {
        self.tree = tree
        self.root = root
        self.restrictor = restrictor
        self.ancestors = ancestors
        self.realChain = realChain
    }

    /// This loader reading through `tree` (a concurrent copy of its tree).
    func reading(from tree: any FileTree) -> Loader {
        Loader(tree: tree, root: root, restrictor: restrictor, ancestors: ancestors, realChain: realChain)
    }

    /// How `path` (relative to the root) is shown to users.
    package func display(_ path: String) -> String {
        tree.displayPath(TreePath.join(root, path) ?? path)
    }

    /// The tree path of `relative`, or an error when it leaves the tree.
    package func resolve(_ relative: String) throws -> String {
        guard let path = TreePath.join(root, relative) else {
            throw RenderError(.read, file: tree.displayPath(root), "'\(relative)' is outside the tree being rendered")
        }
        return path
    }

    /// What `relative` names.
    package func kind(of relative: String) -> FileEntryKind? {
        guard let path = try? resolve(relative) else { return nil }
        return tree.entryKind(path)
    }

    /// The bytes of the file `relative`, within the restrictor's bounds.
    package func load(_ relative: String) throws -> [UInt8] {
        let path = try resolve(relative)
        if restrictor == .rootOnly, !Self.isWithin(path, root) || !realPathIsWithinRoot(path) {
            throw RenderError(.read, file: tree.displayPath(path),
                              "security; file '\(tree.displayPath(path))' is not in or below '\(tree.displayPath(root))'; use --load-restrictor none to allow it")
        }
        do {
            return try tree.readFile(path)
        } catch let error as FileTreeError {
            throw RenderError(.read, file: error.path, error.description)
        }
    }

    /// A loader rooted at the directory `relative`, refusing a cycle of bases.
    /// `file` is the kustomization that lists the directory, named in errors.
    package func child(_ relative: String, listedIn file: String) throws -> Loader {
        // kustomize roots a base, component or plugin directory only relative to the
        // kustomization listing it: an absolute directory is refused, though an
        // absolute file within the restrictor's bounds may be read.
        if relative.hasPrefix("/") {
            throw RenderError(.kustomization, file: file,
                              "new root '\(relative)' cannot be absolute; refer to the directory by a path relative to the kustomization")
        }
        let path = try resolve(relative)
        let chain = ancestors + [root]
        // A base equal to or above any directory already visited would recurse forever.
        // kustomize compares the directories with symbolic links followed, so a
        // link back up the tree (`base/up -> ..`) is a cycle too. The real path
        // is looked up once per base and kept for the bases below it.
        let real = tree.realPath(path)
        if let visited = chain.first(where: { Self.isWithin($0, path) }) ?? linkedAncestor(of: real, in: chain) {
            throw RenderError(.build, file: tree.displayPath(path),
                              "cycle detected: candidate root '\(tree.displayPath(path))' contains visited root '\(tree.displayPath(visited))'")
        }
        // kustomize roots a base at its directory with symbolic links followed
        // (`ConfirmDir`), so a `..` inside a base reached through a link starts
        // from the link's target, not from where the link is.
        return Loader(tree: tree, root: real ?? path, restrictor: restrictor, ancestors: chain, realChain: realChain + [real])
    }

    /// The directory of `chain` (this loader's ancestors and root) whose real
    /// path lies in or below `real`, a candidate base's real path; `nil` when
    /// there is none or the candidate leaves the tree.
    func linkedAncestor(of real: String?, in chain: [String]) -> String? {
        guard let real else { return nil }
        return zip(chain, realChain).first { _, visited in visited.map { Self.isWithin($0, real) } ?? false }?.0
    }

    /// kustomize checks a file against its kustomization's directory with
    /// symbolic links followed in both, so a link to a file elsewhere is refused.
    /// A path that names nothing passes, to fail as missing when read.
    func realPathIsWithinRoot(_ path: String) -> Bool {
        // Only a path without a real path needs a second look: missing, or outside the tree.
        guard let realFile = tree.realPath(path) else { return tree.entryKind(path) == nil }
        guard let realRoot = realChain.last ?? nil else { return false }
        return Self.isWithin(realFile, realRoot)
    }

    static func isWithin(_ path: String, _ directory: String) -> Bool {
        directory.isEmpty || path == directory || path.hasPrefix(directory + "/")
    }
}
