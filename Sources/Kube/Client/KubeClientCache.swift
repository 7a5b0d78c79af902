import Synchronization

/// Clients kept across uses, one per cluster connection, for a process that
/// reconciles again and again (the agent): each check reuses its cluster's
/// client and connections instead of making a client and shutting it down.
/// Every `HTTPClient` made and shut down kept a few kilobytes alive (its
/// pool manager, TLS context and certificates), so an agent that made two
/// per check grew by megabytes an hour.
///
/// A connection is matched whole (server, trust, credentials): a kubeconfig
/// that changes gets a new client, and the old one stays until `shutdown()`,
/// since a check may still be using it.
package final class KubeClientCache: Sendable {
    private let clients = Mutex<[(connection: ClusterConnection, client: KubeClient)]>([])

    package init() {}

    /// The kept client of `connection`, made at its first use.
    package func client(for connection: ClusterConnection) throws -> KubeClient {
        try clients.withLock { clients in
            if let kept = clients.first(where: { $0.connection == connection }) { return kept.client }
            let client = try KubeClient(connection: connection)
            clients.append((connection, client))
            return client
        }
    }

    /// How many clients are kept.
    package var count: Int { clients.withLock { $0.count } }

    /// Shuts every kept client down; the cache is empty after it.
    package func shutdown() async {
        let kept = clients.withLock { clients in
            defer { clients.removeAll() }
            return clients.map(\.client)
        }
        for client in kept { await client.shutdown() }
    }
}
