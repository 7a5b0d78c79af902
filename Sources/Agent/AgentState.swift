import Foundation
import Git
import State

/// What the agent knows of each environment, for the status page, the
/// metrics and readiness.
package struct EnvironmentReport: Sendable {
    package var name: String
    package var branch = ""
    package var selfHeal = false
    /// The deployed source commit and its subject.
    package var deployedCommit: String?
    package var deployedSubject = ""
    /// The branch's tip and how many commits the deployment is behind it.
    package var tip: String?
    package var behind = 0
    /// How the last deployment ended, and whether its objects are all healthy.
    package var result: String?
    package var unhealthy = 0
    package var healthy = 0
    /// Objects that drifted from the deployment at the last check.
    package var drifted = 0
    /// When the last sync attempt and the last successful one ended (seconds since 1970).
    package var lastSync: Double?
    package var lastSuccess: Double?
    /// The rollback pinning the environment.
    package var pinnedTo: String?
    /// Another agent holds the environment's Lease: this one waits.
    package var standby = false
    /// The last error, until a check succeeds.
    package var error: String?
    /// When the worker checks next (seconds since 1970).
    package var nextCheck: Double?

    package init(name: String) { self.name = name }
}

/// The agent's shared record of every environment and of its recent deployments.
package actor AgentState {
    private(set) var reports: [String: EnvironmentReport] = [:]
    private(set) var order: [String] = []
    /// Recent deployments, newest first: environment, source commit, result, time.
    private(set) var recent: [(environment: String, commit: String, result: String, time: Double)] = []
    /// True once the clone exists and every environment was checked once.
    private(set) var ready = false

    package init() {}

    func update(_ name: String, _ change: (inout EnvironmentReport) -> Void) {
        if reports[name] == nil {
            reports[name] = EnvironmentReport(name: name)
            order.append(name)
        }
        change(&reports[name]!)
    }

    func remove(_ name: String) {
        reports[name] = nil
        order.removeAll { $0 == name }
    }

    func recordDeployment(_ environment: String, commit: String, result: String, time: Double) {
        recent.insert((environment, commit, result, time), at: 0)
        if recent.count > 20 { recent.removeLast() }
    }

    func markReady() { ready = true }

    package func snapshot() -> (reports: [EnvironmentReport], recent: [(environment: String, commit: String, result: String, time: Double)], ready: Bool) {
        (order.compactMap { reports[$0] }, recent, ready)
    }
}
