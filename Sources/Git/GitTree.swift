import CGit2
import Manifests

/// A git tree at a revision, read as a `FileTree` without a checkout.
///
/// Directories looked up once are kept (as libgit2 tree objects, by path), so
/// each later lookup is one binary search in its parent's entries: a render
/// that reads 20,000 files of one tree never rescans a directory.
///
/// Not `Sendable`: it holds libgit2 objects of its repository, which one
/// thread at a time may use.
package final class GitTree: FileTree {
    /// The repository the tree is read from, kept open while the tree lives.
    package let repository: Repository
    /// The id of the root tree.
    package let id: ObjectID
    /// The commit the tree was reached from, or `nil` when it was named as a tree.
    package let commit: ObjectID?
    /// The abbreviated id shown after `@` in display paths.
    let label: String
    /// Trees already looked up, by path (`""` is the root).
    private var directories: [String: Handle<OpaquePointer>]

    init(repository: Repository, root: Handle<OpaquePointer>, commit: ObjectID?, label: String) {
        self.repository = repository
        self.id = ObjectID(git_tree_id(root.pointer))
        self.commit = commit
        self.label = label
        self.directories = ["": root]
    }

    /// The same tree read through a repository of its own, so that another thread
    /// can use it; `nil` in git's pre-receive quarantine, whose objects only the
    /// environment of the hook can reach.
    package func concurrentCopy() -> (any FileTree)? {
        guard !repository.isQuarantined, let copy = try? Repository(at: repository.gitDirectory) else { return nil }
        if let commit { return try? copy.tree(at: commit.hex) }
        return try? copy.tree(at: id)
    }

    /// A file for blobs, a directory for trees, `other` for symbolic links and submodules.
    package func entryKind(_ path: String) -> FileEntryKind? {
        guard let entry = try? entry(at: path) else { return nil }
        return Self.kind(of: entry.mode)
    }

    /// The bytes of the blob at `path`; symbolic links are not followed.
    package func readFile(_ path: String) throws -> [UInt8] {
        guard let entry = try entry(at: path) else { throw FileTreeError(.notFound, path: displayPath(path)) }
        guard Self.kind(of: entry.mode) == .file else { throw FileTreeError(.notAFile, path: displayPath(path)) }
        var oid = entry.oid
        let blob: Handle<OpaquePointer>
        do {
            blob = try Handle.make("cannot read blob", release: { git_blob_free($0) }) {
                git_blob_lookup(&$0, repository.handle.pointer, &oid)
            }
        } catch let error as GitError {
            throw FileTreeError(.unreadable, path: displayPath(path), detail: error.cause ?? error.message)
        }
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let content = git_blob_rawcontent(blob.pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// The names in the tree at `path`, sorted byte-wise.
    package func listDirectory(_ path: String) throws -> [String] {
        guard let tree = try directory(at: path) else {
            let code: FileTreeError.Code = try entry(at: path) == nil ? .notFound : .notADirectory
            throw FileTreeError(code, path: displayPath(path))
        }
        let count = git_tree_entrycount(tree.pointer)
        var names: [String] = []
        names.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree.pointer, index),
                  let name = git_tree_entry_name(entry) else { continue }
            names.append(String(cString: name))
        }
        // git orders a directory `a` as if it were `a/`; FileTree wants plain byte order.
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return names
    }

    /// `clusters/prod/kustomization.yaml@3f2a1c9`; the root is `.@3f2a1c9`.
    package func displayPath(_ path: String) -> String {
        "\(path.isEmpty ? "." : path)\(displaySuffix)"
    }

    package var displaySuffix: String { "@\(label)" }

    /// The git object id of the blob or tree at `path`, as `git rev-parse <rev>:<path>` prints it.
    package func contentIdentity(_ path: String) -> String? {
        guard let entry = try? entry(at: path) else { return nil }
        return ObjectID(entry.oid).hex
    }

    /// The object id and file mode of what is at `path`, or `nil` when nothing is.
    private func entry(at path: String) throws -> (oid: git_oid, mode: git_filemode_t)? {
        if path.isEmpty, let root = directories[""] {
            return (git_tree_id(root.pointer).pointee, GIT_FILEMODE_TREE)
        }
        guard let parent = try directory(at: TreePath.parent(path)),
              let entry = git_tree_entry_byname(parent.pointer, TreePath.base(path)),
              let oid = git_tree_entry_id(entry)
        else { return nil }
        return (oid.pointee, git_tree_entry_filemode(entry))
    }

    /// The tree at `path`, looked up once and then kept; `nil` when `path` is not a directory.
    private func directory(at path: String) throws -> Handle<OpaquePointer>? {
        if let cached = directories[path] { return cached }
        guard !path.isEmpty, let entry = try entry(at: path), entry.mode == GIT_FILEMODE_TREE else { return nil }
        var oid = entry.oid
        let tree = try Handle.make("cannot read tree '\(displayPath(path))'", release: { git_tree_free($0) }) {
            git_tree_lookup(&$0, repository.handle.pointer, &oid)
        }
        directories[path] = tree
        return tree
    }

    /// What a tree entry of `mode` is to a `FileTree` reader.
    static func kind(of mode: git_filemode_t) -> FileEntryKind {
        switch mode {
        case GIT_FILEMODE_TREE: return .directory
        case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE: return .file
        default: return .other
        }
    }
}
