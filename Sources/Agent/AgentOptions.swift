import Foundation

/// How an agent runs: which repository it follows, where it keeps its clone,
/// which environments it keeps in sync, and where it listens.
package struct AgentOptions: Sendable {
    /// The repository to follow: a URL git can fetch, or a path.
    package var repository: String
    /// Where the agent keeps its bare clone.
    package var stateDirectory: String
    /// The environments to keep in sync; empty for every environment of `.gitops.yaml`.
    package var environments: [String] = []
    /// The address and port of the HTTP endpoints (webhooks, metrics, health, status page).
    package var listenHost = "127.0.0.1"
    package var listenPort = 9797
    /// The webhook secrets, by provider (`github`, `gitlab`, `gitea`, `generic`); a
    /// receiver without a secret refuses every delivery.
    package var webhookSecrets: [String: [UInt8]] = [:]
    /// How many environments sync at once.
    package var concurrency = 4
    /// The largest webhook body accepted.
    package var maxBodyBytes = 5 * 1024 * 1024
    /// The process environment (kubeconfig search, exec plugins, git's credentials).
    package var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Who the deployment records name (`Synced-By`).
    package var syncedBy = "git-ops-agent"
    /// Push the deployment records back to the repository after each sync.
    package var publish = true
    /// Act for an environment only while holding its Lease in the environment's cluster.
    package var leaderElection = true
    /// The namespace of the Leases.
    package var leaseNamespace = "default"
    /// This agent, as Leases name their holder: the host name and a random suffix.
    package var identity = ProcessInfo.processInfo.hostName + "_" + UUID().uuidString.lowercased().prefix(8)
    package var leaseTiming = LeaderElection.Timing()
    /// Where the agent says what it does (a line each: syncs, drift, errors).
    package var log: @Sendable (String) -> Void = { _ in }

    package init(repository: String, stateDirectory: String) {
        self.repository = repository
        self.stateDirectory = stateDirectory
    }

    /// The default listen address: loopback only.
    package static let defaultListen = "127.0.0.1:9797"

    /// `host:port`, or `nil` when it is not one.
    package static func parseListen(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}
