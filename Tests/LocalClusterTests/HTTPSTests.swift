import Foundation
import Testing
@testable import LocalCluster

/// The local cluster over HTTPS, as kind's: its own certificate authority, kept under the
/// data directory, and client-certificate authentication that kubectl passes.
@Suite("HTTPS and client certificates", .serialized)
struct HTTPSTests {
    static func start(data: URL?) async throws -> ClusterServer {
        var configuration = ClusterConfiguration(dataDirectory: data?.path)
        configuration.runsControllers = false
        configuration.fsync = false
        return try await ClusterServer.start(configuration)
    }

    static func mode(_ path: URL) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path.path)[.posixPermissions] as? Int) ?? -1
    }

    @Test("the first start makes the certificates under pki/, keys for their owner only; the next reuses them")
    func certificatesKept() async throws {
        let data = try TestCluster.temporaryDirectory("pki")
        let first = try await Self.start(data: data)
        #expect(first.url.hasPrefix("https://127.0.0.1:"))
        let credentials = try #require(first.credentials)
        await first.stop()
        let pki = data.appendingPathComponent("pki")
        for name in ["ca", "apiserver", "admin"] {
            #expect(try Self.mode(pki.appendingPathComponent("\(name).key")) == 0o600)
            #expect(FileManager.default.fileExists(atPath: pki.appendingPathComponent("\(name).crt").path))
        }
        #expect(ClusterCredentials.read(in: data.path) == credentials)

        let second = try await Self.start(data: data)
        #expect(second.credentials == credentials)
        await second.stop()
    }

    @Test("a missing client certificate is made again by the same authority; a new authority renews everything")
    func certificatesRenewed() async throws {
        let data = try TestCluster.temporaryDirectory("pki")
        let first = try await Self.start(data: data)
        let original = try #require(first.credentials)
        await first.stop()
        let pki = data.appendingPathComponent("pki")
        try FileManager.default.removeItem(at: pki.appendingPathComponent("admin.crt"))
        let second = try await Self.start(data: data)
        let renewed = try #require(second.credentials)
        await second.stop()
        #expect(renewed.authorityPEM == original.authorityPEM)
        #expect(renewed.admin != original.admin)

        try FileManager.default.removeItem(at: pki.appendingPathComponent("ca.key"))
        let third = try await Self.start(data: data)
        let fresh = try #require(third.credentials)
        await third.stop()
        #expect(fresh.authorityPEM != original.authorityPEM)
        #expect(fresh.admin != renewed.admin)
    }

    /// kubectl with the cluster's CA and `user` (a flow mapping) as its credentials.
    static func kubectl(_ server: ClusterServer, user: String) throws -> Kubectl {
        let credentials = try #require(server.credentials)
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        return try Kubectl(server: server.url, cluster: "certificate-authority-data: \(base64(credentials.authorityPEM))",
                           user: user.replacingOccurrences(of: "$CERT", with: base64(credentials.admin.certificatePEM))
                               .replacingOccurrences(of: "$KEY", with: base64(credentials.admin.privateKeyPEM)))
    }

    @Test("kubectl with the admin's client certificate works, and auth whoami names kubernetes-admin",
          .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
    func kubectlWithCertificate() async throws {
        let server = try await Self.start(data: nil)
        defer { Task { await server.stop() } }
        let kubectl = try Self.kubectl(server, user: "{client-certificate-data: $CERT, client-key-data: $KEY}")
        let namespaces = try await kubectl.run(["get", "ns", "-o", "name"])
        #expect(namespaces.stdout.contains("namespace/default\n"), "\(namespaces)")
        let whoami = try await kubectl.run(["auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}"])
        #expect(whoami.stdout == #"kubernetes-admin ["system:masters","system:authenticated"]"#, "\(whoami)")
    }

    @Test("without a client certificate only the public paths answer; the rest is 401 Unauthorized",
          .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
    func kubectlWithoutCertificate() async throws {
        let server = try await Self.start(data: nil)
        defer { Task { await server.stop() } }
        // A token the cluster does not know: kubectl would prompt for a password with no credentials at all.
        let kubectl = try Self.kubectl(server, user: "{token: unknown}")
        let version = try await kubectl.run(["get", "--raw", "/version"])
        #expect(version.stdout.contains(#""gitVersion":"v1.32.4""#), "\(version)")
        let health = try await kubectl.run(["get", "--raw", "/readyz"])
        #expect(health.stdout == "ok", "\(health)")
        let namespaces = try await kubectl.run(["get", "ns"])
        #expect(namespaces.status == 1)
        #expect(namespaces.stderr.contains("error: You must be logged in to the server"), "\(namespaces)")
        let raw = try await kubectl.run(["get", "--raw", "/api/v1/namespaces"])
        #expect(raw.stderr.contains("(Unauthorized)"), "\(raw)")
    }
}
