import Git

extension DeploymentHistory {
    /// The rollback record that pins the environment (`refs/ops/pin/<env>`), or `nil` when it is not pinned.
    ///
    /// While pinned, automatic syncs are refused, so nothing automatic undoes
    /// the rollback; `status` shows this record. An explicit sync lifts the
    /// pin when it ends, and `unpin` lifts it at once.
    package func pin() throws -> Deployment? {
        guard let commit = try repository.referenceTarget(environment.pin) else { return nil }
        return try deployment(at: commit)
    }

    /// Lifts the pin, if there is one.
    package func unpin() throws {
        guard let commit = try repository.referenceTarget(environment.pin) else { return }
        do {
            try repository.deleteReference(environment.pin, expecting: commit)
        } catch let error as GitError where error.code == .notFound {
            return  // lifted meanwhile: the same outcome
        } catch let error as GitError where error.code == .referenceMoved || error.code == .locked {
            throw StateError(.concurrentUpdate, "cannot lift the pin of '\(environment)': \(error.message); look at '\(environment.pin)' and try again")
        }
    }

    /// Points the pin at `commit` if it still holds `expected` (`nil`: no pin).
    ///
    /// With `keepingOthers`, a pin that moved meanwhile (lifted or set by
    /// someone else) is left as they made it rather than reported.
    func pin(to commit: ObjectID, expecting expected: ObjectID?, keepingOthers: Bool = false) throws {
        do {
            try repository.updateReference(
                environment.pin, to: commit, expecting: expected.map { .value($0) } ?? .absent,
                message: "git-ops: pin \(environment) to rollback \(commit.short)")
        } catch let error as GitError where error.code == .referenceMoved || error.code == .locked {
            if keepingOthers { return }
            throw StateError(.concurrentUpdate, "cannot pin '\(environment)': \(error.message); look at '\(environment.pin)' and try again")
        }
    }
}
