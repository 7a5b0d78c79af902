import Manifests

/// Fetching discovery as kubectl does: `/api` and `/apis` asking for the aggregated form;
/// a server that answers the legacy form gets one request per group-version, in parallel.
extension KubeClient {
    static func discover(_ transport: HTTPTransport) async throws -> [APIResource] {
        async let core = root("/api", transport)
        async let groups = root("/apis", transport)
        return try await core + groups
    }

    private static func root(_ path: String, _ transport: HTTPTransport) async throws -> [APIResource] {
        let action = "discover the resources of '\(transport.connection.server)'"
        let request = KubeRequest(method: .GET, path: path, accept: DiscoveryDocument.aggregatedAccept, idempotent: true, action: action)
        let response = try await transport.send(request).checked(action)
        let document = try document(response, action)
        if DiscoveryDocument.isAggregated(contentType: response.headers.first(name: "Content-Type")) {
            return DiscoveryDocument.aggregated(document)
        }
        let versions = path == "/api" ? DiscoveryDocument.coreVersions(document) : DiscoveryDocument.groupVersions(document)
        return try await withThrowingTaskGroup(of: [APIResource].self) { group in
            for version in versions {
                group.addTask { try await groupVersion(version, transport, action) }
            }
            var resources: [APIResource] = []
            for try await found in group { resources += found }
            return resources
        }
    }

    /// One group-version's resources; a group-version whose server is away (an aggregated
    /// API answering 503) or gone is left out, as client-go leaves it out.
    private static func groupVersion(_ version: (group: String, version: String, preferred: Bool), _ transport: HTTPTransport,
                                     _ action: String) async throws -> [APIResource] {
        let path = version.group.isEmpty ? "/api/\(version.version)" : "/apis/\(version.group)/\(version.version)"
        let response = try await transport.send(KubeRequest(method: .GET, path: path, idempotent: true, action: action))
        if response.status == 404 || response.status == 503 { return [] }
        let document = try document(try response.checked(action), action)
        return DiscoveryDocument.resourceList(document, group: version.group, version: version.version, preferred: version.preferred)
    }
}
