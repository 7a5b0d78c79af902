import Git
import Manifests

/// The deployment history of one environment: the first-parent chain of
/// commits on `refs/ops/deploy/<env>`, one per sync attempt.
///
/// Records are appended with compare-and-swap on the reference: of two
/// writers that read the same latest record, one wins and the other fails
/// with `concurrentUpdate`, and may read again and retry. Listing reads
/// commits only; trees are read when an inventory or objects are asked for.
///
/// Not `Sendable`: it holds a `Repository`, which one task uses at a time.
package struct DeploymentHistory {
    /// The repository the history is kept in.
    package let repository: Repository
    /// The environment whose history this is.
    package let environment: EnvironmentRefs

    /// The history of `environment` in `repository`.
    package init(repository: Repository, environment: EnvironmentRefs) {
        self.repository = repository
        self.environment = environment
    }

    /// The newest record, whatever its result, or `nil` when the environment was never synced.
    package func latest() throws -> Deployment? {
        guard let commit = try repository.referenceTarget(environment.deploy) else { return nil }
        return try deployment(at: commit)
    }

    /// The record at `commit`; fails with `notARecord` unless it is a deployment record of this environment.
    package func deployment(at commit: ObjectID) throws -> Deployment {
        let deployment = try Deployment(repository.commit(commit))
        guard deployment.record.environment == environment.name else {
            throw StateError(.notARecord, "commit '\(commit.short)' records a deployment of '\(deployment.record.environment)', not of '\(environment)'")
        }
        return deployment
    }

    /// Records `record` with a tree of `objects` on top of `parent` (`nil` for the
    /// first record), and moves the reference there if it still points at `parent`.
    package func append(_ record: DeploymentRecord, objects: [Node], expecting parent: ObjectID?) throws -> Deployment {
        let tree = try repository.writeTree(DeploymentTree.files(objects))
        return try append(record, tree: tree, expecting: parent)
    }

    /// Records `record` with the stored tree `tree` on top of `parent`, moving the reference with compare-and-swap.
    func append(_ record: DeploymentRecord, tree: ObjectID, expecting parent: ObjectID?) throws -> Deployment {
        guard record.environment == environment.name else {
            throw StateError(.invalidResult, "cannot record a deployment of '\(record.environment)' in the history of '\(environment)'")
        }
        let signature = repository.signature(at: record.time)
        let commit = try repository.createCommit(
            tree: tree, parents: parent.map { [$0] } ?? [], message: try record.message(),
            author: signature, committer: signature)
        do {
            try repository.updateReference(
                environment.deploy, to: commit, expecting: parent.map { .value($0) } ?? .absent,
                message: "git-ops: \(record.subject)")
        } catch let error as GitError where error.code == .referenceMoved || error.code == .locked {
            throw StateError(.concurrentUpdate, "cannot record the deployment of '\(environment)': another sync recorded one first (\(error.message)); read the history again and retry")
        }
        return Deployment(commit: commit, tree: tree, parent: parent, record: record)
    }

    /// The objects a deployment's tree names, from its paths alone (no file is read; versions are empty).
    package func inventory(of deployment: Deployment) throws -> [ResourceID] {
        try repository.files(inTree: deployment.tree).compactMap { DeploymentTree.identity(atPath: $0.path) }
    }

    /// The objects a deployment's tree holds, as recorded (Secret values as digests), in path order.
    package func objects(of deployment: Deployment) throws -> [Node] {
        try repository.files(inTree: deployment.tree).compactMap { file in
            guard DeploymentTree.identity(atPath: file.path) != nil else { return nil }
            let parser = YAMLParser(source: "\(environment.deploy)@\(deployment.commit.short):\(file.path)")
            return try parser.parseFirstDocument(try repository.blob(file.blob))
        }
    }
}
