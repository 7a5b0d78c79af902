#if canImport(Glibc)
import Glibc
#endif
import CGit2

extension Repository {
    /// The notes reference git-ops records deployments on.
    package static let defaultNotesReference = "refs/notes/ops"

    /// How many times an append is tried when other writers keep moving the notes reference meanwhile.
    static let noteAppendAttempts = 50

    /// The note on `object` in `notesReference`, or `nil` when there is none.
    package func note(on object: ObjectID, notesReference: String = defaultNotesReference) throws -> String? {
        var oid = object.oid
        var pointer: OpaquePointer?
        let result = git_note_read(&pointer, handle.pointer, notesReference, &oid)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(result, "cannot read the note of '\(object.short)' on '\(notesReference)'")
        guard let pointer else { return nil }
        let note = Handle(pointer) { git_note_free($0) }
        return git_note_message(note.pointer).map { String(cString: $0) }
    }

    /// The notes of the notes commit (or tree) `notes`: the note blob of each annotated object.
    ///
    /// Reads only trees, whatever fanout git chose (`3f/2a1c…` or
    /// `3f2a1c…`); files whose path is not an object id are not notes.
    package func notes(at notes: ObjectID) throws -> [ObjectID: ObjectID] {
        try notePaths(at: notes).mapValues(\.blob)
    }

    /// The notes on `notesReference` (see `notes(at:)`); none when the reference does not exist.
    package func notes(in notesReference: String = defaultNotesReference) throws -> [ObjectID: ObjectID] {
        guard let commit = try referenceTarget(notesReference) else { return [:] }
        return try notes(at: commit)
    }

    /// Each note of `notes` with where its tree holds it, as git's `path_to_oid` reads a path: slashes dropped.
    func notePaths(at notes: ObjectID) throws -> [ObjectID: TreeFile] {
        var found: [ObjectID: TreeFile] = [:]
        for file in try files(inTree: notes) {
            guard let object = ObjectID(hex: String(file.path.filter { $0 != "/" })), found[object] == nil
            else { continue }
            found[object] = file
        }
        return found
    }

    /// Adds `line` at the end of the note on `object`, keeping what the note already says.
    ///
    /// Like `git notes append`, but without the blank line git puts between
    /// paragraphs: each call adds exactly one line, so JSON lines accumulate and
    /// the notes merge with git's `cat_sort_uniq` strategy. The notes commit is
    /// made on the reference's current commit and the reference is moved with
    /// compare-and-swap; when a concurrent writer moved it first, the append is
    /// redone on top of theirs, so no line is lost.
    package func appendNoteLine(
        _ line: String, on object: ObjectID, notesReference: String = defaultNotesReference
    ) throws {
        let context = "cannot append to the note of '\(object.short)' on '\(notesReference)'"
        try requireWritable(context)
        guard !line.isEmpty, !line.contains(where: \.isNewline) else {
            throw GitError(.invalid, "\(context): a note line must be one non-empty line")
        }
        let signature = try Handle.signature(try self.signature(.committer))
        for attempt in 1...Self.noteAppendAttempts {
            let current = try referenceTarget(notesReference)
            let parent = try current.map { try self.object($0, peeledTo: GIT_OBJECT_COMMIT) }
            let existing = try parent.flatMap { try noteText(in: $0, on: object, context) } ?? ""
            let text = existing.isEmpty || existing.hasSuffix("\n")
                ? existing + line + "\n" : existing + "\n" + line + "\n"
            var commit = git_oid()
            var blob = git_oid()
            var target = object.oid
            try GitError.check(
                git_note_commit_create(
                    &commit, &blob, handle.pointer, parent?.pointer, signature.pointer, signature.pointer,
                    &target, text, 1),
                context)
            do {
                try updateReference(
                    notesReference, to: ObjectID(commit),
                    expecting: current.map { .value($0) } ?? .absent,
                    message: "notes: Notes added by 'git ops'")
                return
            } catch let error as GitError where error.code == .referenceMoved || error.code == .locked {
                // Another writer won the race: wait a random while, growing with each loss, so
                // that writers spread out, then redo the append on top of theirs.
                usleep(UInt32.random(in: 0...UInt32(1_000 * attempt)))
            }
        }
        throw GitError(
            .referenceMoved,
            "\(context): '\(notesReference)' kept moving; gave up after \(Self.noteAppendAttempts) attempts")
    }

    /// The note on `object` in the notes commit `notes`, or `nil` when it has none.
    private func noteText(in notes: Handle<OpaquePointer>, on object: ObjectID, _ context: String) throws -> String? {
        var oid = object.oid
        var pointer: OpaquePointer?
        let result = git_note_commit_read(&pointer, handle.pointer, notes.pointer, &oid)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(result, context)
        guard let pointer else { return nil }
        let note = Handle(pointer) { git_note_free($0) }
        return git_note_message(note.pointer).map { String(cString: $0) }
    }
}
