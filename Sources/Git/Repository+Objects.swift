import CGit2

extension Repository {
    /// The size in bytes of the object `id`, read from its header alone (a
    /// loose object's first bytes, a packed one's entry), so a huge blob can
    /// be refused before it is inflated.
    package func objectSize(_ id: ObjectID) throws -> Int {
        let database = try Handle.make("cannot read the object database", release: { git_odb_free($0) }) {
            git_repository_odb(&$0, handle.pointer)
        }
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_ANY
        try GitError.check(git_odb_read_header(&size, &type, database.pointer, &oid), "cannot read object \(id.short)")
        return size
    }

    /// Stores `bytes` as a blob and returns its id (as `git hash-object -w` does).
    package func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        let context = "cannot write blob"
        try requireWritable(context)
        var oid = git_oid()
        try bytes.withUnsafeBytes { buffer in
            try GitError.check(git_blob_create_from_buffer(&oid, handle.pointer, buffer.baseAddress, buffer.count), context)
        }
        return ObjectID(oid)
    }

    /// Stores `files` (contents by path, `a/b/c.yaml`) as blobs in nested trees and returns the root tree's id.
    ///
    /// Every file gets mode 100644; directories exist only as far as files are
    /// in them, so no files give the empty tree.
    package func writeTree(_ files: [String: [UInt8]]) throws -> ObjectID {
        try requireWritable("cannot write tree")
        return try writeTree(blobs: files.mapValues { try writeBlob($0) })
    }

    /// Stores a commit of `tree` with `parents` (first parent first) and `message`, and returns its id.
    ///
    /// No reference moves: point one at the commit with `updateReference`.
    /// `author` and `committer` default to the repository's identity now (the
    /// environment's, then config's, then `git-ops <git-ops@localhost>`). A
    /// final newline is added to `message` when it lacks one, as git does.
    package func createCommit(
        tree: ObjectID, parents: [ObjectID], message: String,
        author: Signature? = nil, committer: Signature? = nil
    ) throws -> ObjectID {
        let context = "cannot create commit"
        try requireWritable(context)
        let treeObject = try object(tree, peeledTo: GIT_OBJECT_TREE)
        let parentObjects = try parents.map { try object($0, peeledTo: GIT_OBJECT_COMMIT) }
        let authorSignature = try Handle.signature(try author ?? signature(.author))
        let committerSignature = try Handle.signature(try committer ?? signature(.committer))
        var parentPointers: [OpaquePointer?] = parentObjects.map(\.pointer)
        let text = message.hasSuffix("\n") ? message : message + "\n"
        var oid = git_oid()
        try GitError.check(
            git_commit_create(
                &oid, handle.pointer, nil, authorSignature.pointer, committerSignature.pointer, nil, text,
                treeObject.pointer, parentPointers.count, &parentPointers),
            context)
        return ObjectID(oid)
    }
}
