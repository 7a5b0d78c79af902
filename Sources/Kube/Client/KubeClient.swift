import Manifests

/// A client of one cluster's API, as a reconciler needs it: discovery, server-side apply,
/// get, list, delete and watch (`KubeClient+Objects`, `KubeClient+Watch`), over HTTPS with
/// the connection's credentials, a bound on requests in flight, timeouts and retries.
///
/// It owns an `HTTPClient`: call `shutdown()` when done, or use `with(_:options:_:)`.
package final class KubeClient: Sendable {
    /// How the client behaves; the defaults suit a reconciler.
    package struct Options: Sendable {
        /// The field manager of server-side applies.
        package var fieldManager = "git-ops"
        /// The most requests in flight at once (watches count only until they are answered).
        package var maxRequestsInFlight = 16
        /// How long one attempt of a request may take, its answer read whole.
        package var requestTimeout: Duration = .seconds(60)
        /// When failed requests are sent again.
        package var retry = RetryPolicy()
        /// The `User-Agent` header.
        package var userAgent = "git-ops"
        /// Objects per page of a list (`limit`).
        package var pageSize = 500
        /// How long the server keeps one watch request open (`timeoutSeconds`); the watch then goes on with another.
        package var watchTimeoutSeconds = 300
        /// The largest answer read.
        package var maxResponseBytes = 256 << 20

        /// The defaults.
        package init() {}
    }

    /// The cluster it talks to.
    package let connection: ClusterConnection
    /// How it behaves.
    package let options: Options
    let transport: HTTPTransport
    let discovery: DiscoveryCache

    /// A client of `connection`; throws when its trust settings or certificates cannot be
    /// read, or when it would send credentials over plain HTTP.
    package init(connection: ClusterConnection, options: Options = Options()) throws {
        self.connection = connection
        self.options = options
        let transport = try HTTPTransport(connection: connection, options: options)
        self.transport = transport
        discovery = DiscoveryCache { try await Self.discover(transport) }
    }

    /// Runs `body` with a client of `connection`, shut down after it.
    package static func with<Result: Sendable>(_ connection: ClusterConnection, options: Options = Options(),
                                               _ body: (KubeClient) async throws -> Result) async throws -> Result {
        let client = try KubeClient(connection: connection, options: options)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Closes its connections; requests after it fail.
    package func shutdown() async {
        await transport.shutdown()
    }

    /// The resource serving `kind`, from discovery (fetched again once when it is not known).
    package func resource(for kind: GroupVersionKind) async throws -> APIResource {
        guard let resource = try await discovery.resource(for: kind) else {
            throw KubeError(.unknownKind, "the server '\(connection.server)' has no resource for \(kind); "
                                + "is its CustomResourceDefinition applied and established?")
        }
        return resource
    }

    /// Every resource the cluster serves, from discovery.
    package func resources() async throws -> [APIResource] {
        try await discovery.everything()
    }

    /// Fetches discovery again (after applying CustomResourceDefinitions).
    package func refreshDiscovery() async throws {
        try await discovery.refresh()
    }

    /// `Kind/namespace/name`, as objects are printed.
    static func subject(_ kind: GroupVersionKind, _ namespace: String?, _ name: String) -> String {
        ResourceID(kind: kind.kind, namespace: namespace ?? "", name: name).description
    }

    /// A JSON answer's document.
    static func document(_ response: KubeResponse, _ action: String) throws -> Node {
        do {
            return try JSON.parse(response.body)
        } catch {
            throw KubeError(.invalidResponse, "cannot \(action): the answer is not JSON: \(error)")
        }
    }
}
