import CGit2
import FileTree

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
    /// Paths already resolved (`resolved(_:)`), so a path's parent is walked once
    /// for all its entries and a path asked about twice is walked once.
    private var resolutions: [String: String?] = [:]
    /// What `entry(at:)` found for each path asked about: a render asks the same
    /// path for its kind, its content identity and its bytes.
    private var entries: [String: (oid: git_oid, mode: git_filemode_t)?] = [:]

    init(repository: Repository, root: Handle<OpaquePointer>, commit: ObjectID?, label: String) {
        self.repository = repository
        self.id = ObjectID(git_tree_id(root.pointer))
        self.commit = commit
        self.label = label
        self.directories = ["": root]
    }

    /// The same tree read through a repository of its own, opened as this one
    /// was (in a pre-receive hook, through git's quarantine too), so that another
    /// thread can use it.
    package func concurrentCopy() -> (any FileTree)? {
        guard let copy = try? repository.reopened() else { return nil }
        if let commit { return try? copy.tree(at: commit.hex) }
        return try? copy.tree(at: id)
    }

    /// A file for blobs, a directory for trees, `other` for submodules; symbolic
    /// links are followed, and one that leads nowhere in the tree names nothing.
    package func entryKind(_ path: String) -> FileEntryKind? {
        guard let entry = try? entry(at: path) else { return nil }
        return Self.kind(of: entry.mode)
    }

    /// The bytes of the blob `path` names, symbolic links followed.
    package func readFile(_ path: String) throws -> [UInt8] {
        guard let entry = try entry(at: path) else { throw FileTreeError(.notFound, path: displayPath(path)) }
        switch Self.kind(of: entry.mode) {
        case .file: break
        case .directory: throw FileTreeError(.notAFile, path: displayPath(path), detail: "a directory, not a file")
        case .other: throw FileTreeError(.notAFile, path: displayPath(path), detail: "a submodule, not a file")
        }
        var oid = entry.oid
        let blob: Handle<OpaquePointer>
        do {
            // A blob is inflated whole into memory: check its size first.
            guard try repository.objectSize(ObjectID(oid)) <= FileLimits.fileBytes else {
                throw FileTreeError.tooLarge(displayPath(path))
            }
            blob = try Handle.make("cannot read blob", release: { git_blob_free($0) }) {
                git_blob_lookup(&$0, repository.handle.pointer, &oid)
            }
        } catch let error as GitError {
            let detail = error.code == .damaged ? GitError.damage(error.cause ?? "") : error.cause ?? error.message
            throw FileTreeError(.unreadable, path: displayPath(path), detail: detail)
        }
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let content = git_blob_rawcontent(blob.pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// The names in the tree at `path`, sorted byte-wise.
    package func listDirectory(_ path: String) throws -> [String] {
        guard let real = try resolved(path), let tree = try directory(at: real) else {
            let code: FileTreeError.Code = try entry(at: path) == nil ? .notFound : .notADirectory
            throw FileTreeError(code, path: displayPath(path))
        }
        let count = git_tree_entrycount(tree.pointer)
        var names: [String] = []
        names.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree.pointer, index),
                  let name = git_tree_entry_name(entry) else { continue }
            names.append(try EntryName.decode(cString: name, in: displayPath(path)))
        }
        // git orders a directory `a` as if it were `a/`; FileTree wants plain byte order.
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return names
    }

    /// The path with its symbolic links followed, so the load restrictor
    /// judges a linked file where it really is, as on disk.
    package func realPath(_ path: String) -> String? {
        (try? resolved(path)) ?? nil
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

    /// The object id and file mode of what `path` names once symbolic links
    /// are followed, or `nil` when nothing is there.
    private func entry(at path: String) throws -> (oid: git_oid, mode: git_filemode_t)? {
        if let known = entries[path] { return known }
        let found = try resolved(path).flatMap { try storedEntry(at: $0) }
        entries[path] = found
        return found
    }

    /// The tree path of what `path` names once every symbolic link on the way
    /// is followed, as a checkout would follow them; `nil` when a link leads
    /// out of the tree, is absolute, or loops, or when nothing is there.
    private func resolved(_ path: String) throws -> String? {
        if let known = resolutions[path] { return known }
        let result: String?
        let base = TreePath.base(path)
        if path.isEmpty {
            result = ""
        } else if base == "." || base == ".." || base.isEmpty {
            result = try walk(path[...], from: "")
        } else if let parent = try resolved(TreePath.parent(path)) {
            // The parent is resolved (and kept) once for all its entries.
            result = try walk(base[...], from: parent)
        } else {
            result = nil
        }
        resolutions[path] = result
        return result
    }

    /// Follows the parts of `path` from the resolved directory `start`.
    private func walk(_ path: Substring, from start: String) throws -> String? {
        var pending = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)[...]
        var real = start
        var hops = 0
        while let part = pending.popFirst() {
            if part == "." { continue }
            if part == ".." {
                guard !real.isEmpty else { return nil }
                real = TreePath.parent(real)
                continue
            }
            let candidate = real.isEmpty ? part : real + "/" + part
            guard let entry = try storedEntry(in: real, named: part) else { return nil }
            guard entry.mode == GIT_FILEMODE_LINK else {
                real = candidate
                continue
            }
            // A link's blob holds its target, relative to the directory holding the link.
            hops += 1
            let target = try blobText(entry.oid, path: candidate)
            guard hops <= 40, !target.isEmpty, !target.hasPrefix("/") else { return nil }
            pending = (target.split(separator: "/", omittingEmptySubsequences: true).map(String.init) + pending)[...]
        }
        return real
    }

    /// The text of a symbolic link's blob.
    private func blobText(_ id: git_oid, path: String) throws -> String {
        var oid = id
        let blob = try Handle.make("cannot read symbolic link '\(displayPath(path))'", release: { git_blob_free($0) }) {
            git_blob_lookup(&$0, repository.handle.pointer, &oid)
        }
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let content = git_blob_rawcontent(blob.pointer) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: content, count: size), as: UTF8.self)
    }

    /// The object id and file mode of the entry stored at `path`, a path with no links in it.
    private func storedEntry(at path: String) throws -> (oid: git_oid, mode: git_filemode_t)? {
        if path.isEmpty, let root = directories[""] {
            return (git_tree_id(root.pointer).pointee, GIT_FILEMODE_TREE)
        }
        return try storedEntry(in: TreePath.parent(path), named: TreePath.base(path))
    }

    /// The entry `name` of the directory at `parent` (a path with no links in it).
    private func storedEntry(in parent: String, named name: String) throws -> (oid: git_oid, mode: git_filemode_t)? {
        guard let directory = try directory(at: parent),
              let entry = name.withCString({ git_tree_entry_byname(directory.pointer, $0) }),
              let oid = git_tree_entry_id(entry)
        else { return nil }
        return (oid.pointee, git_tree_entry_filemode(entry))
    }

    /// The tree at `path`, looked up once and then kept; `nil` when `path` is not a directory.
    private func directory(at path: String) throws -> Handle<OpaquePointer>? {
        if let cached = directories[path] { return cached }
        guard !path.isEmpty, let entry = try storedEntry(at: path), entry.mode == GIT_FILEMODE_TREE else { return nil }
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
