import CGit2
import FileTree

extension Repository {
    /// Every blob below the tree `tree` (a tree id, or a commit's, whose root tree is read), sorted by path.
    ///
    /// Only trees are read, never the blobs themselves, so listing the
    /// paths of a large tree costs one lookup per directory. Submodules are
    /// left out; symbolic links are listed as the blobs they are stored as.
    package func files(inTree tree: ObjectID) throws -> [TreeFile] {
        let context = "cannot list the files of tree '\(tree.short)'"
        var files: [TreeFile] = []
        // An explicit stack rather than recursion: a tree fetched from elsewhere may nest deeply.
        var pending: [(prefix: String, tree: Handle<OpaquePointer>)] = [("", try object(tree, peeledTo: GIT_OBJECT_TREE))]
        while let (prefix, directory) = pending.popLast() {
            for index in 0..<git_tree_entrycount(directory.pointer) {
                guard let entry = git_tree_entry_byindex(directory.pointer, index),
                      let name = git_tree_entry_name(entry), let oid = git_tree_entry_id(entry) else { continue }
                let path = prefix + String(cString: name)
                switch git_tree_entry_type(entry) {
                case GIT_OBJECT_BLOB:
                    files.append(TreeFile(path: path, blob: ObjectID(oid)))
                case GIT_OBJECT_TREE:
                    var id = oid.pointee
                    let subtree = try Handle.make(context, release: { git_tree_free($0) }) {
                        git_tree_lookup(&$0, handle.pointer, &id)
                    }
                    pending.append((path + "/", subtree))
                default:
                    continue
                }
            }
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return files
    }

    /// The bytes of the blob `id`; refused past `FileLimits.fileBytes`, checked before the blob is inflated.
    package func blob(_ id: ObjectID) throws -> [UInt8] {
        let context = "cannot read blob '\(id.short)'"
        guard try objectSize(id) <= FileLimits.fileBytes else {
            throw GitError(.invalid, "\(context): larger than \(FileLimits.fileBytes >> 20) MiB")
        }
        let blob = try object(id, peeledTo: GIT_OBJECT_BLOB)
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let content = git_blob_rawcontent(blob.pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// Stores nested trees holding the blobs `blobs` (blob ids by path, `a/b/c.yaml`) and returns the root tree's id.
    ///
    /// The blobs must be stored already (`writeBlob`, or listed by
    /// `files(inTree:)`): this is how a tree is made from parts of others
    /// without reading them. Every file gets mode 100644.
    package func writeTree(blobs: [String: ObjectID]) throws -> ObjectID {
        try requireWritable("cannot write tree")
        var layout = TreeLayout()
        for (path, blob) in blobs {
            try layout.add(path, blob: blob)
        }
        return try layout.write(into: handle.pointer)
    }
}
