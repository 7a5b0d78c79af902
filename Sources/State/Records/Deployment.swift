import Git

/// A deployment record as stored: its commit on `refs/ops/deploy/<env>`, the
/// tree of objects it names, its first parent, and what its trailers say.
package struct Deployment: Sendable, Equatable {
    /// The deployment commit.
    package var commit: ObjectID
    /// Its tree: one file per object (`DeploymentTree`).
    package var tree: ObjectID
    /// The record before it in the environment's history, or `nil` for the first.
    package var parent: ObjectID?
    /// What the commit's trailers say.
    package var record: DeploymentRecord

    /// A deployment with every field given.
    package init(commit: ObjectID, tree: ObjectID, parent: ObjectID?, record: DeploymentRecord) {
        self.commit = commit
        self.tree = tree
        self.parent = parent
        self.record = record
    }

    /// The deployment a commit records; fails with `notARecord` when its trailers are not a record's.
    package init(_ commit: Commit) throws {
        self.init(
            commit: commit.id, tree: commit.tree, parent: commit.parents.first,
            record: try DeploymentRecord(commit: commit))
    }
}
