/// What `git push --porcelain` said about one reference it was asked to push:
/// a line `<flag>\t<from>:<to>\t<summary> (<reason>)`.
package struct PushStatus: Sendable, Equatable {
    /// How the push of one reference ended.
    package enum Outcome: Sendable, Equatable {
        /// The remote took it (a fast-forward, a forced update, a new reference or a deletion).
        case updated
        /// The remote already had it.
        case upToDate
        /// The remote has commits the pushed value lacks: another clone pushed first.
        case behind
        /// `--force-with-lease` found the remote reference changed since it was last seen.
        case stale
        /// The remote could not update the reference just then (`failed to lock`,
        /// `failed to update ref`): another push to it was under way. Worth trying again.
        case busy(String)
        /// Refused for another reason, git's words: a hook declined, the remote refused.
        case refused(String)
    }

    /// The remote reference (`refs/notes/ops`).
    package var reference: String
    package var outcome: Outcome

    /// The statuses of `git push --porcelain` output, by remote reference.
    package static func parse(_ output: String) -> [String: PushStatus] {
        var statuses: [String: PushStatus] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let flag = fields[0].first, fields[0].count == 1,
                  let colon = fields[1].lastIndex(of: ":") else { continue }
            let reference = String(fields[1][fields[1].index(after: colon)...])
            let summary = String(fields[2])
            let outcome: Outcome
            switch flag {
            case " ", "+", "*", "-": outcome = .updated
            case "=": outcome = .upToDate
            case "!":
                let reason = summary.firstIndex(of: "(").map { String(summary[summary.index(after: $0)...].dropLast()) } ?? summary
                switch reason {
                case "fetch first", "non-fast-forward": outcome = .behind
                case "stale info": outcome = .stale
                case "failed to lock", "failed to update ref": outcome = .busy(summary)
                default: outcome = .refused(summary)
                }
            default: continue
            }
            statuses[reference] = PushStatus(reference: reference, outcome: outcome)
        }
        return statuses
    }
}
