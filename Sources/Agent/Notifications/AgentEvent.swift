import Foundation

/// Something that happened to an environment, in the shape of a Flux event:
/// a severity (`info` or `error`), a reason in CamelCase
/// (`ReconciliationSucceeded`, `ReconciliationFailed`, `HealthCheckFailed`,
/// `DriftDetected`, `DriftCorrected`, `RollbackSucceeded`), a message, and
/// the revision it is about.
package struct AgentEvent: Sendable, Equatable {
    package var environment: String
    package var severity: String
    package var reason: String
    package var message: String
    /// The environment's branch and the commit (`main@sha1:<hex>`), and the commit alone.
    package var branch: String
    package var commit: String?
    package var time: Date

    package init(environment: String, severity: String, reason: String, message: String, branch: String, commit: String?, time: Date = .now) {
        self.environment = environment
        self.severity = severity
        self.reason = reason
        self.message = message
        self.branch = branch
        self.commit = commit
        self.time = time
    }

    /// `main@sha1:<hex>`, as Flux writes a revision.
    package var revision: String? {
        commit.map { "\(branch)@sha1:\($0)" }
    }

    /// The reason as words: `ReconciliationSucceeded` → `reconciliation succeeded`.
    package var reasonWords: String {
        var words = ""
        for character in reason {
            if character.isUppercase, !words.isEmpty { words += " " }
            words += character.lowercased()
        }
        return words
    }
}
