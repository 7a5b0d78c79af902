import CGit2

/// A set of files by path, arranged as the nested directories of the git trees that will hold them.
struct TreeLayout {
    /// What a name in a directory holds.
    private indirect enum Node {
        case file(ObjectID)
        case directory(TreeLayout)
    }

    private var entries: [String: Node] = [:]

    /// Adds the blob `blob` at `path` (`a/b/c.yaml`).
    ///
    /// Refuses what git would not store or check out: empty components, `.`,
    /// `..`, `.git` in any case, and a path that is both a file and a directory.
    mutating func add(_ path: String, blob: ObjectID) throws {
        let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for component in components {
            guard !component.isEmpty, component != ".", component != "..",
                  component.lowercased() != ".git", !component.utf8.contains(0)
            else { throw GitError(.invalid, "cannot write tree: invalid path '\(path)'") }
        }
        try add(components[...], blob: blob, under: "")
    }

    private mutating func add(_ components: ArraySlice<String>, blob: ObjectID, under parent: String) throws {
        guard let name = components.first else { return }
        let path = parent.isEmpty ? name : parent + "/" + name
        let rest = components.dropFirst()
        switch (entries[name], rest.isEmpty) {
        case (nil, true):
            entries[name] = .file(blob)
        case (nil, false):
            var directory = TreeLayout()
            try directory.add(rest, blob: blob, under: path)
            entries[name] = .directory(directory)
        case (.directory(var directory), false):
            entries[name] = nil  // leaves `directory` the only copy, so adding to it does not copy it
            try directory.add(rest, blob: blob, under: path)
            entries[name] = .directory(directory)
        default:
            throw GitError(.invalid, "cannot write tree: '\(path)' is both a file and a directory")
        }
    }

    /// Writes this directory and every directory below it as trees of `repository`, returning the root tree's id.
    func write(into repository: OpaquePointer) throws -> ObjectID {
        let context = "cannot write tree"
        let builder = try Handle.make(context, release: { git_treebuilder_free($0) }) {
            git_treebuilder_new(&$0, repository, nil)
        }
        for (name, node) in entries {
            var oid: git_oid
            let mode: git_filemode_t
            switch node {
            case .file(let blob):
                oid = blob.oid
                mode = GIT_FILEMODE_BLOB
            case .directory(let directory):
                oid = try directory.write(into: repository).oid
                mode = GIT_FILEMODE_TREE
            }
            try GitError.check(git_treebuilder_insert(nil, builder.pointer, name, &oid, mode), "\(context) entry '\(name)'")
        }
        var tree = git_oid()
        try GitError.check(git_treebuilder_write(&tree, builder.pointer), context)
        return ObjectID(tree)
    }
}
