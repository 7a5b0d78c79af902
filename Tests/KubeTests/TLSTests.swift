import Foundation
import Kube
import LocalCluster
import Testing

/// The client's TLS paths against the local cluster's real HTTPS peer.
@Suite("KubeClient over TLS")
struct TLSTests {
    typealias Clusters = TestClusters
    static let namespaces = GroupVersionKind(group: "", version: "v1", kind: "Namespace")

    static func reachable(_ connection: ClusterConnection) async throws -> Bool {
        var options = KubeClient.Options()
        options.retry = .never
        return try await KubeClient.with(connection, options: options) { client in
            try await client.get(namespaces, name: "default") != nil
        }
    }

    @Test("a server whose certificate the configured authority did not sign fails the handshake, naming the server and what to check")
    func wrongAuthority() async throws {
        let server = try await Clusters.shared.value
        let other = try await Clusters.start()
        defer { Task { await other.stop() } }
        var connection = try Clusters.connection(server)
        connection.authorityPEM = Array(try #require(other.credentials).authorityPEM.utf8)
        await #expect {
            try await Self.reachable(connection)
        } throws: { error in
            guard let error = error as? KubeError else { return false }
            return error.code == .tls && error.message.hasPrefix("cannot connect to '\(server.url)': its certificate is not signed by the certificate authority of context ")
        }
    }

    @Test("tls-server-name is the name the TLS connection asks for, while the connection goes to the server's address")
    func tlsServerName() async throws {
        let server = try await Clusters.shared.value
        var connection = try Clusters.connection(server)
        connection.tlsServerName = "localhost"
        #expect(try await Self.reachable(connection))
        // No such host resolves: the request reaches the server only because the name is
        // mapped to the server's address. (swift-nio-ssl also accepts a certificate whose IP
        // address is the one connected to, as the cluster's 127.0.0.1 is, so the name itself
        // cannot fail here.)
        connection.tlsServerName = "kubernetes.invalid"
        #expect(try await Self.reachable(connection))
    }

    @Test("insecure-skip-tls-verify reaches the server with no authority")
    func insecure() async throws {
        var connection = try Clusters.connection(try await Clusters.shared.value)
        connection.authorityPEM = nil
        connection.insecureSkipTLSVerify = true
        #expect(try await Self.reachable(connection))
    }

    @Test("without a client certificate the server answers 401")
    func noCertificate() async throws {
        var connection = try Clusters.connection(try await Clusters.shared.value)
        connection.credentials = ClusterConnection.Credentials()
        connection.credentials.token = "unknown-token"
        await #expect {
            try await Self.reachable(connection)
        } throws: { error in
            (error as? KubeError)?.httpStatus == 401 && !"\(error)".contains("unknown-token")
        }
    }

    @Test("a client certificate an exec plugin gives is presented")
    func execCertificate() async throws {
        let server = try await Clusters.shared.value
        let credentials = try #require(server.credentials)
        let scratch = try Scratch()
        func json(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\\n") }
        let plugin = try scratch.write("plugin.sh", """
            #!/bin/sh
            cat <<'EOF'
            {"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"\(json(credentials.admin.certificatePEM))","clientKeyData":"\(json(credentials.admin.privateKeyPEM))"}}
            EOF
            """, mode: 0o755)
        var connection = try Clusters.connection(server)
        connection.credentials = ClusterConnection.Credentials()
        connection.credentials.exec = ExecConfig(command: plugin)
        #expect(try await Self.reachable(connection))
    }

    @Test("an authority that is not PEM is refused when the client is made, without its text")
    func badAuthority() async throws {
        var connection = try Clusters.connection(try await Clusters.shared.value)
        connection.authorityPEM = Array("not a certificate".utf8)
        #expect(throws: KubeconfigError(.invalidEntry, "the certificate authority of context 'git-ops-test' is not a PEM certificate")) {
            _ = try KubeClient(connection: connection)
        }
    }
}
