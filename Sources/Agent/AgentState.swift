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
    /// Recent deployments, newest first: environment, source commit, result, time;
    /// this agent's and, from each environment's history, those before it started.
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
        if recent.count > Self.recentLimit { recent.removeLast() }
    }

    /// How many recent deployments are kept.
    static let recentLimit = 20
    /// The environments whose history was read.
    private var historyRead: Set<String> = []

    /// True the first time it is asked for `environment`: its history is to be read.
    func shouldReadHistory(of environment: String) -> Bool {
        historyRead.insert(environment).inserted
    }

    /// Adds deployments recorded before this agent saw them (an environment's
    /// history, read at its first check), keeping the newest, newest first.
    func addHistory(_ deployments: [(environment: String, commit: String, result: String, time: Double)]) {
        var merged = recent
        for deployment in deployments where !merged.contains(where: {
            $0.environment == deployment.environment && $0.commit == deployment.commit && $0.time == deployment.time
        }) {
            merged.append(deployment)
        }
        // Stable: deployments of the same second keep their order.
        recent = Array(merged.enumerated().sorted { $0.element.time != $1.element.time ? $0.element.time > $1.element.time : $0.offset < $1.offset }
            .map(\.element).prefix(Self.recentLimit))
    }

    func markReady() { ready = true }

    package func snapshot() -> (reports: [EnvironmentReport], recent: [(environment: String, commit: String, result: String, time: Double)], ready: Bool) {
        (order.compactMap { reports[$0] }, recent, ready)
    }
}
