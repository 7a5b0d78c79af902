import Foundation
@testable import LocalCluster

/// One in-memory local cluster shared by the tests of this process, on a free loopback port.
enum TestCluster {
    static let shared = Task<ClusterServer, any Error> {
        var configuration = ClusterConfiguration()
        // Plain HTTP: the tests' URLSession client cannot present a client certificate.
        configuration.scheme = .http
        configuration.controllerStep = .milliseconds(100)
        configuration.bookmarkInterval = .seconds(1)
        return try await ClusterServer.start(configuration)
    }

    static func server() async throws -> ClusterServer {
        try await shared.value
    }

    /// A client of the shared cluster and a new namespace of its own.
    static func client(namespace prefix: String) async throws -> (client: APIClient, namespace: String) {
        let client = APIClient(base: try await server().url)
        let namespace = uniqueName(prefix)
        try await client.namespace(namespace)
        return (client, namespace)
    }

    /// A namespace name unique to this test process and call.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(8))"
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
}
