import CGit2

extension Repository {
    /// The tree `revision` names, to read without a checkout: a commit's root
    /// tree (`HEAD`, `v1.0`, `refs/ops/deploy/prod~1`) or a tree itself (`HEAD:clusters`).
    package func tree(at revision: String) throws -> GitTree {
        try tree(of: try object(revision, peeledTo: GIT_OBJECT_ANY), subject: "'\(revision)'")
    }

    /// The tree of the commit, tag or tree with id `id`, to read without a checkout.
    package func tree(at id: ObjectID) throws -> GitTree {
        try tree(of: try object(id, peeledTo: GIT_OBJECT_ANY), subject: "'\(id.short)'")
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
