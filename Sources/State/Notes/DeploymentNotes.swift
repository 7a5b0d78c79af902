import Git

/// The deployment events on `refs/notes/ops`: one JSON line (`DeploymentEvent`)
/// per event in the note of its source commit, so `git log --notes=ops`
/// shows where every commit went.
///
/// Lines are only ever appended, never changed or removed, so two copies of
/// the notes merge without conflicts with git's `cat_sort_uniq` strategy:
/// every line of both is kept once, in time order.
///
/// Not `Sendable`: it holds a `Repository`, which one task uses at a time.
package struct DeploymentNotes {
    /// The repository the notes are kept in.
    package let repository: Repository
    /// The notes reference: `refs/notes/ops`.
    package let reference = StateLayout.notesReference

    /// The deployment notes of `repository`.
    package init(repository: Repository) {
        self.repository = repository
    }

    /// Appends `event` as one line to the note of its source commit, keeping every line already there.
    package func append(_ event: DeploymentEvent) throws {
        try repository.appendNoteLine(try event.jsonLine(), on: event.sourceCommit, notesReference: reference)
    }

    /// The events in the note of `source`, in the note's order (time order once merged); lines that are not events are skipped.
    package func events(on source: ObjectID) throws -> [DeploymentEvent] {
        guard let note = try repository.note(on: source, notesReference: reference) else { return [] }
        return note.split(separator: "\n").compactMap { DeploymentEvent(jsonLine: String($0)) }
    }

    /// Merges the notes fetched into `remoteReference` (see
    /// `StateLayout.remoteNotesReference`) into `refs/notes/ops`, as
    /// `git notes --ref ops merge -s cat_sort_uniq <remoteReference>` does.
    package func merge(from remoteReference: String) throws -> NotesMergeOutcome {
        try repository.mergeNotes(from: remoteReference, into: reference)
    }
}
