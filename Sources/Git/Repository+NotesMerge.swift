#if canImport(Glibc)
import Glibc
#endif
import CGit2

extension Repository {
    /// Merges the notes of `remote` into the notes reference `local` as
    /// `git notes --ref <local> merge -s cat_sort_uniq <remote>` does (git's
    /// `notes-merge.c`), and moves `local` with compare-and-swap.
    ///
    /// `remote` is a reference or any revision of a notes commit, typically a
    /// fetched copy (`refs/notes/remotes/origin/ops`); a reference that does
    /// not exist counts as no notes. With no local notes, `local` takes the
    /// remote commit; when one side contains the other, nothing is merged
    /// (already up to date, or a fast-forward). Otherwise each note the
    /// remote changed since the merge base (the empty tree when the
    /// histories never meet) is taken when the local side left it alone,
    /// combined with `CatSortUniq` when both changed it, and taken as the
    /// remote has it when the local side deleted it; the result is committed
    /// with parents local, remote. The local tree's fanout is kept: existing
    /// notes are changed where they are, new ones go where libgit2 would put
    /// them. Nothing is ever left in conflict. A lost race on `local` fails
    /// with `referenceMoved`; merging again on the new value is safe.
    package func mergeNotes(from remote: String, into local: String = defaultNotesReference) throws -> NotesMergeOutcome {
        let context = "cannot merge notes from '\(remote)' into '\(local)'"
        try requireWritable(context)
        guard local.hasPrefix("refs/notes/") else {
            throw GitError(.invalid, "\(context): refusing to merge into a reference outside of refs/notes/")
        }
        let message = "Merged notes from \(remote) into \(local)"
        let localCommit = try referenceTarget(local)
        guard let remoteCommit = try notesCommit(named: remote, context) else {
            guard localCommit != nil else { throw GitError(.notFound, "\(context): both have no notes") }
            return .alreadyUpToDate
        }
        guard let localCommit else {
            try updateReference(local, to: remoteCommit, expecting: .absent, message: "notes: " + message)
            return .fastForward(remoteCommit)
        }
        let base = try mergeBase(localCommit, remoteCommit)
        if base == remoteCommit { return .alreadyUpToDate }
        if base == localCommit {
            try updateReference(local, to: remoteCommit, expecting: .value(localCommit), message: "notes: " + message)
            return .fastForward(remoteCommit)
        }
        let tree = try mergedNotesTree(base: base, local: localCommit, remote: remoteCommit, context)
        let commit = try createCommit(tree: tree, parents: [localCommit, remoteCommit], message: message)
        try updateReference(local, to: commit, expecting: .value(localCommit), message: "notes: " + message)
        return .merged(commit)
    }

    /// The commit `name` resolves to, or `nil` when it is a well-formed reference name that does not exist (git's unborn notes ref).
    private func notesCommit(named name: String, _ context: String) throws -> ObjectID? {
        do {
            return try resolve(name)
        } catch let error as GitError where error.code == .notFound {
            var valid: Int32 = 0
            guard git_reference_name_is_valid(&valid, name) >= 0, valid != 0 else {
                throw GitError(.notFound, "\(context): unknown revision '\(name)'", cause: error.cause)
            }
            return nil
        }
    }

    /// The tree of the local notes with every remote change since `base` merged in (git's `merge_changes`).
    private func mergedNotesTree(base: ObjectID?, local: ObjectID, remote: ObjectID, _ context: String) throws -> ObjectID {
        let baseNotes = try base.map { try notes(at: $0) } ?? [:]
        let localNotes = try notePaths(at: local)
        let remoteNotes = try notes(at: remote)
        let localTree = try tree(at: local)
        var updates: [(path: String, blob: ObjectID?)] = []
        for object in Set(baseNotes.keys).union(remoteNotes.keys).sorted() {
            let (original, ours, theirs) = (baseNotes[object], localNotes[object]?.blob, remoteNotes[object])
            // No remote change, or the same change on both sides: the local note stands.
            guard theirs != original, ours != theirs else { continue }
            let merged: ObjectID?
            if ours == original {
                merged = theirs
            } else if let ours {
                merged = try writeBlob(CatSortUniq.combine(try blob(ours), try theirs.map { try blob($0) } ?? []))
            } else {
                // Deleted here and changed there: git inserts the remote note untouched, so the change wins.
                merged = theirs
            }
            let path = localNotes[object]?.path ?? newNotePath(for: object, in: localTree)
            updates.append((path, merged))
        }
        return try updatedTree(local, with: updates, context)
    }

    /// Where libgit2 puts a new note in `tree`: inside each existing fanout directory that matches the id's next two digits.
    private func newNotePath(for object: ObjectID, in tree: GitTree) -> String {
        var directory = ""
        var rest = Substring(object.hex)
        while rest.count > 2, tree.entryKind(directory + rest.prefix(2)) == .directory {
            directory += rest.prefix(2) + "/"
            rest = rest.dropFirst(2)
        }
        return directory + rest
    }

    /// The tree of `commit` with each path set to its blob, or removed for `nil` (emptied directories go too).
    private func updatedTree(
        _ commit: ObjectID, with updates: [(path: String, blob: ObjectID?)], _ context: String
    ) throws -> ObjectID {
        let baseline = try object(commit, peeledTo: GIT_OBJECT_TREE)
        let paths = updates.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        var entries = zip(updates, paths).map { update, path in
            git_tree_update(
                action: update.blob == nil ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT,
                id: update.blob?.oid ?? git_oid(), filemode: GIT_FILEMODE_BLOB, path: path)
        }
        var tree = git_oid()
        try GitError.check(
            git_tree_create_updated(&tree, handle.pointer, baseline.pointer, entries.count, &entries), context)
        return ObjectID(tree)
    }
}
