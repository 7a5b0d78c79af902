/// What `Repository.mergeNotes(from:into:)` did to the local notes reference, as `git notes merge` reports it.
package enum NotesMergeOutcome: Sendable, Equatable {
    /// The remote notes were already merged (or there were none): nothing moved.
    case alreadyUpToDate
    /// The local reference had no notes of its own since the remote's: it now points at the remote commit.
    case fastForward(ObjectID)
    /// Both sides had notes of their own: a merge commit (parents local, remote) was written.
    case merged(ObjectID)

    /// The commit the local reference points at after the merge, or `nil` when it did not move.
    package var commit: ObjectID? {
        switch self {
        case .alreadyUpToDate: return nil
        case .fastForward(let id), .merged(let id): return id
        }
    }
}
