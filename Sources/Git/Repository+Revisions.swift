import CGit2

extension Repository {
    /// The commit `revision` names (`HEAD`, `main~2`, `v1.0`, `3f2a1c`, `refs/ops/deploy/prod@{1}`), peeling tags.
    ///
    /// Fails with `unknown revision 'nope'`, `ambiguous revision '3f'`, or
    /// `'HEAD:README' is a blob, not a commit`.
    package func resolve(_ revision: String) throws -> ObjectID {
        let commit = try object(revision, peeledTo: GIT_OBJECT_COMMIT)
        return ObjectID(git_object_id(commit.pointer))
    }

    /// The commit with id `id`, read.
    package func commit(_ id: ObjectID) throws -> Commit {
        let commit = try object(id, peeledTo: GIT_OBJECT_COMMIT)
        return Commit(commit.pointer)
    }

    /// The tree `revision` names, to read without a checkout: a commit's root
    /// tree (`HEAD`, `v1.0`, `refs/ops/deploy/prod~1`) or a tree itself (`HEAD:clusters`).
    package func tree(at revision: String) throws -> GitTree {
        try tree(of: try object(revision, peeledTo: GIT_OBJECT_ANY), subject: "'\(revision)'")
    }

    /// The tree of the commit, tag or tree with id `id`, to read without a checkout.
    package func tree(at id: ObjectID) throws -> GitTree {
        try tree(of: try object(id, peeledTo: GIT_OBJECT_ANY), subject: "'\(id.short)'")
    }

    /// Whether the object database holds an object with id `id`.
    package func contains(_ id: ObjectID) throws -> Bool {
        let database = try Handle.make("cannot read the object database", release: { git_odb_free($0) }) {
            git_repository_odb(&$0, handle.pointer)
        }
        var oid = id.oid
        return git_odb_exists(database.pointer, &oid) != 0
    }

    /// The object `revision` names, peeled to `type` (tags to commits, commits to trees).
    func object(_ revision: String, peeledTo type: git_object_t) throws -> Handle<OpaquePointer> {
        var pointer: OpaquePointer?
        let result = git_revparse_single(&pointer, handle.pointer, revision)
        switch result {
        case GIT_ENOTFOUND.rawValue, GIT_EUNBORNBRANCH.rawValue:
            let cause = Libgit2.lastErrorMessage()
            // As git says it: a branch with no commits is not an unknown revision.
            if revision.hasPrefix("HEAD"), git_repository_head_unborn(handle.pointer) == 1 {
                throw GitError(.notFound, "the current branch has no commits yet, so '\(revision)' names nothing; commit first, or name a revision that exists",
                               cause: cause)
            }
            throw GitError(.notFound, "unknown revision '\(revision)'", cause: cause)
        case GIT_EAMBIGUOUS.rawValue:
            throw GitError(.ambiguous, "ambiguous revision '\(revision)'", cause: Libgit2.lastErrorMessage())
        case GIT_EINVALIDSPEC.rawValue:
            throw GitError(.invalid, "invalid revision '\(revision)'", cause: Libgit2.lastErrorMessage())
        case ..<0:
            throw GitError.libgit2(result, "cannot resolve '\(revision)'")
        default:
            break
        }
        guard let pointer else { throw GitError(.failed, "cannot resolve '\(revision)'") }
        return try peel(Handle(pointer) { git_object_free($0) }, to: type, subject: "'\(revision)'")
    }

    /// The object with id `id`, peeled to `type`.
    func object(_ id: ObjectID, peeledTo type: git_object_t) throws -> Handle<OpaquePointer> {
        var oid = id.oid
        var pointer: OpaquePointer?
        let result = git_object_lookup(&pointer, handle.pointer, &oid, GIT_OBJECT_ANY)
        if result == GIT_ENOTFOUND.rawValue {
            throw GitError(.notFound, "unknown object '\(id.hex)'", cause: Libgit2.lastErrorMessage())
        }
        try GitError.check(result, "cannot read object '\(id.hex)'")
        guard let pointer else { throw GitError(.failed, "cannot read object '\(id.hex)'") }
        return try peel(Handle(pointer) { git_object_free($0) }, to: type, subject: "'\(id.short)'")
    }

    /// `object` itself when it has `type`, else what it peels to, with git's wording when it cannot.
    func peel(_ object: Handle<OpaquePointer>, to type: git_object_t, subject: String) throws -> Handle<OpaquePointer> {
        let actual = git_object_type(object.pointer)
        if actual == type || type == GIT_OBJECT_ANY { return object }
        var pointer: OpaquePointer?
        let result = git_object_peel(&pointer, object.pointer, type)
        guard result >= 0, let pointer else {
            throw GitError(.invalid, "\(subject) is a \(Self.name(of: actual)), not a \(Self.name(of: type))",
                           cause: Libgit2.lastErrorMessage())
        }
        return Handle(pointer) { git_object_free($0) }
    }

    /// git's name for an object type (`commit`, `tree`, `blob`, `tag`).
    static func name(of type: git_object_t) -> String {
        git_object_type2string(type).map { String(cString: $0) } ?? "object"
    }

    /// The tree `object` peels to, labelled with the commit it comes from when there is one.
    private func tree(of object: Handle<OpaquePointer>, subject: String) throws -> GitTree {
        // A tag may point at a tree: then there is no commit, and peeling to the tree still works.
        let commit = git_object_type(object.pointer) == GIT_OBJECT_TREE
            ? nil : try? peel(object, to: GIT_OBJECT_COMMIT, subject: subject)
        let root = try peel(commit ?? object, to: GIT_OBJECT_TREE, subject: subject)
        let labelled = commit ?? root
        let (result, short) = Libgit2.string { git_object_short_id(&$0, labelled.pointer) }
        let id = ObjectID(git_object_id(labelled.pointer))
        return GitTree(
            repository: self,
            root: root,
            commit: commit.map { ObjectID(git_object_id($0.pointer)) },
            label: result >= 0 && !short.isEmpty ? short : id.short
        )
    }
}
