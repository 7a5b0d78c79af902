import Git

extension DeploymentRecord {
    /// The trailers of a deployment commit, in the order they are written.
    package enum Trailer: String, Sendable, CaseIterable {
        case sourceCommit = "Source-Commit"
        case environment = "Environment"
        case cluster = "Cluster"
        case result = "Result"
        case applied = "Applied"
        case pruned = "Pruned"
        case unchanged = "Unchanged"
        case syncedBy = "Synced-By"
        case rollbackOf = "Rollback-Of"
        case policySkipped = "Policy-Skipped"
        case policyAudit = "Policy-Audit"
        case layoutVersion = "Layout-Version"

        /// The trailer's place in `allCases`.
        var index: Int {
            Self.allCases.firstIndex(of: self)!
        }
    }

    /// The subject line: `Sync prod to 3f2a1c9: succeeded`, or `Roll back prod to 3f2a1c9: pending`.
    package var subject: String {
        let verb = rollbackOf == nil ? "Sync" : "Roll back"
        return "\(verb) \(environment) to \(sourceCommit.short): \(result.rawValue)"
    }

    /// The commit message: the subject, a blank line, and one trailer a line.
    ///
    /// Counts are left out of pending records, which have none yet, and
    /// `Rollback-Of` out of records that are not rollbacks.
    package func message() throws -> String {
        for (field, value) in [("environment", environment), ("cluster", cluster), ("synced-by", syncedBy)]
            + (policySkipped.map { [("policy-skipped reason", $0)] } ?? []) + policyAudits.map({ ("policy-audit", $0) }) {
            try Self.requireOneLine(value, field)
        }
        var trailers: [(Trailer, String)] = [
            (.sourceCommit, sourceCommit.hex), (.environment, environment), (.cluster, cluster),
            (.result, result.rawValue),
        ]
        if result != .pending {
            trailers += [(.applied, String(counts.applied)), (.pruned, String(counts.pruned)),
                         (.unchanged, String(counts.unchanged))]
        }
        trailers.append((.syncedBy, syncedBy))
        if let rollbackOf { trailers.append((.rollbackOf, rollbackOf.hex)) }
        if let policySkipped { trailers.append((.policySkipped, policySkipped)) }
        trailers += policyAudits.map { (.policyAudit, $0) }
        trailers.append((.layoutVersion, String(layoutVersion)))
        return subject + "\n\n" + trailers.map { "\($0.0.rawValue): \($0.1)" }.joined(separator: "\n") + "\n"
    }

    /// The record a deployment commit's trailers and time say.
    ///
    /// Fails with `notARecord` when a required trailer is missing or
    /// malformed, and with `newerLayout` for a layout this build does not read.
    package init(commit: Commit) throws {
        // The first value of each trailer, by its place in `allCases`: an array,
        // since a dictionary keyed by `Trailer` costs the first record read in a
        // process a runtime search for the key's `Hashable` conformance.
        var firstValues = [String?](repeating: nil, count: Trailer.allCases.count)
        var audits: [String] = []
        for (key, value) in commit.trailers {
            guard let trailer = Trailer(rawValue: key) else { continue }
            if trailer == .policyAudit { audits.append(value) }
            let index = trailer.index
            guard firstValues[index] == nil else { continue }
            firstValues[index] = value
        }
        let values = { (trailer: Trailer) in firstValues[trailer.index] }
        func fail(_ why: String) -> StateError {
            StateError(.notARecord, "commit '\(commit.id.short)' is not a deployment record: \(why)")
        }
        func required(_ trailer: Trailer) throws -> String {
            guard let value = values(trailer), !value.isEmpty else { throw fail("no '\(trailer.rawValue)' trailer") }
            return value
        }
        func count(_ trailer: Trailer) throws -> Int {
            guard let text = values(trailer) else { return 0 }
            guard let number = Int(text), number >= 0 else { throw fail("'\(trailer.rawValue): \(text)' is not a count") }
            return number
        }
        let versionText = try required(.layoutVersion)
        guard let version = Int(versionText), version >= 1 else { throw fail("'Layout-Version: \(versionText)' is not a version") }
        guard version <= StateLayout.version else {
            throw StateError(.newerLayout, "cannot read deployment record '\(commit.id.short)': it has layout version \(version), this git-ops reads up to \(StateLayout.version); upgrade git-ops")
        }
        let sourceText = try required(.sourceCommit)
        guard let source = ObjectID(hex: sourceText) else { throw fail("'Source-Commit: \(sourceText)' is not a commit id") }
        let resultText = try required(.result)
        guard let result = Result(rawValue: resultText) else { throw fail("unknown result '\(resultText)'") }
        var rollbackOf: ObjectID?
        if let text = values(.rollbackOf) {
            guard let id = ObjectID(hex: text) else { throw fail("'Rollback-Of: \(text)' is not a commit id") }
            rollbackOf = id
        }
        self.init(
            environment: try required(.environment), cluster: try required(.cluster), sourceCommit: source,
            result: result,
            counts: Counts(applied: try count(.applied), pruned: try count(.pruned), unchanged: try count(.unchanged)),
            syncedBy: try required(.syncedBy), rollbackOf: rollbackOf, time: commit.time, layoutVersion: version)
        policySkipped = values(.policySkipped)
        policyAudits = audits
    }

    /// Throws `invalidName` unless `value` is one non-empty line, as a trailer value must be.
    static func requireOneLine(_ value: String, _ field: String) throws {
        guard let first = value.first, let last = value.last, !first.isWhitespace, !last.isWhitespace,
              !value.contains(where: \.isNewline) else {
            throw StateError(.invalidName, "invalid \(field) '\(value.debugDescription.dropFirst().dropLast())': it must be one line, not empty, without spaces around it")
        }
    }
}
