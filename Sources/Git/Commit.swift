import CGit2

/// A commit as read from the repository: its id, tree, parents, people and message.
package struct Commit: Sendable, Equatable {
    /// The commit's own id.
    package var id: ObjectID
    /// The id of its root tree.
    package var tree: ObjectID
    /// The ids of its parents, first parent first.
    package var parents: [ObjectID]
    /// Who wrote the change, and when.
    package var author: Signature
    /// Who made the commit, and when; history is ordered by this time.
    package var committer: Signature
    /// The first paragraph of the message, joined into one line (git's `%s`).
    package var summary: String
    /// The whole message, without leading blank lines.
    package var message: String

    /// The time of the commit (the committer's), in seconds since 1970-01-01T00:00:00Z.
    package var time: Int64 { committer.time }

    /// A commit with every field given.
    package init(
        id: ObjectID, tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature,
        summary: String, message: String
    ) {
        self.id = id
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.summary = summary
        self.message = message
    }

    /// A copy of what a libgit2 `git_commit` holds; the commit is only borrowed.
    init(_ commit: OpaquePointer) {
        id = ObjectID(git_commit_id(commit))
        tree = ObjectID(git_commit_tree_id(commit))
        parents = (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map { ObjectID($0) }
        }
        let unknown = Signature(name: "", email: "", time: 0, offsetMinutes: 0)
        author = git_commit_author(commit).map { Signature($0) } ?? unknown
        committer = git_commit_committer(commit).map { Signature($0) } ?? unknown
        summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        message = git_commit_message(commit).map { String(cString: $0) } ?? ""
    }

    /// The trailers of the message's last paragraph (`Source-Commit: 3f2a1c…`), in order, as git parses them.
    package var trailers: [(key: String, value: String)] {
        var array = git_message_trailer_array()
        guard git_message_trailers(&array, message) >= 0 else { return [] }
        defer { git_message_trailer_array_free(&array) }
        guard let entries = array.trailers else { return [] }
        return (0..<array.count).map { index in
            let entry = entries[index]
            return (entry.key.map { String(cString: $0) } ?? "", entry.value.map { String(cString: $0) } ?? "")
        }
    }
}
