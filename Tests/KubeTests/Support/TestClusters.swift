import Foundation
import Kube
import LocalCluster
import Manifests

/// In-process local clusters over HTTPS for the client's tests, and connections to them
/// with the admin's client certificate, as `git ops cluster up` writes them.
enum TestClusters {
    /// One cluster shared by the tests of this process.
    static let shared = Task<ClusterServer, any Error> { try await start() }

    static func start(faults: String? = nil, data: String? = nil) async throws -> ClusterServer {
        var configuration = ClusterConfiguration(dataDirectory: data)
        configuration.controllerStep = .milliseconds(50)
        configuration.bookmarkInterval = .milliseconds(500)
        configuration.fsync = false
        if let faults { configuration.faults = try FaultInjector(spec: faults) }
        return try await ClusterServer.start(configuration)
    }

    /// A connection to `server` as its admin.
    static func connection(_ server: ClusterServer, namespace: String = "default") throws -> ClusterConnection {
        guard let credentials = server.credentials else { throw CocoaError(.featureUnsupported) }
        var connection = ClusterConnection(context: "git-ops-test", server: try ServerAddress(server.url))
        connection.authorityPEM = Array(credentials.authorityPEM.utf8)
        connection.credentials.clientCertificatePEM = Array(credentials.admin.certificatePEM.utf8)
        connection.credentials.clientKeyPEM = Array(credentials.admin.privateKeyPEM.utf8)
        connection.namespace = namespace
        return connection
    }

    /// Runs `body` with a client of the shared cluster, as admin, in a fresh namespace of its own.
    @discardableResult
    static func withClient<Result: Sendable>(_ prefix: String, options: KubeClient.Options = KubeClient.Options(),
                                             _ body: (KubeClient, String) async throws -> Result) async throws -> Result {
        let server = try await shared.value
        let namespace = "\(prefix)-\(UUID().uuidString.lowercased().prefix(8))"
        return try await KubeClient.with(try connection(server, namespace: namespace), options: options) { client in
            _ = try await client.apply(try object("apiVersion: v1\nkind: Namespace\nmetadata: {name: \(namespace)}"))
            return try await body(client, namespace)
        }
    }

    /// The object a YAML document describes.
    static func object(_ yaml: String) throws -> Node {
        guard let node = try YAMLParser(source: "test").parse(yaml).first else { throw CocoaError(.fileReadCorruptFile) }
        return node
    }

    /// A ConfigMap `name` with `data`.
    static func configMap(_ name: String, namespace: String? = nil, labels: [String: String] = [:], data: [String: String]) -> Node {
        var metadata = Mapping(["name": .string(name)])
        if let namespace { metadata["namespace"] = .string(namespace) }
        if !labels.isEmpty { metadata["labels"] = .mapping(Mapping(labels.sorted { $0.key < $1.key }.map { Mapping.Entry(key: Scalar($0.key), value: .string($0.value)) })) }
        let values = Mapping(data.sorted { $0.key < $1.key }.map { Mapping.Entry(key: Scalar($0.key), value: .string($0.value)) })
        return .mapping(Mapping(["apiVersion": .string("v1"), "kind": .string("ConfigMap"), "metadata": .mapping(metadata),
                                 "data": .mapping(values)]))
    }

    static let configMapKind = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
}
