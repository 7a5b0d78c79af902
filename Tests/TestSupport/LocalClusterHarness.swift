import Foundation
import Kube
import LocalCluster

/// An in-process local cluster over HTTPS and a kubeconfig file whose
/// context reaches it as its admin, as `git ops cluster up` writes one: the
/// cluster every suite that syncs, diffs or watches runs against.
package final class LocalClusterHarness: Sendable {
    /// The running cluster.
    package let server: ClusterServer
    /// The kubeconfig file written for it.
    package let kubeconfig: String
    /// Its context (and cluster and user) name.
    package let context: String

    /// Starts a cluster keeping its data in `data` (fast controllers, no fsync) and
    /// writes context `context` for it into the kubeconfig file `kubeconfig`.
    package init(data: String, kubeconfig: String, context: String = "git-ops-test", faults: String? = nil) async throws {
        var configuration = ClusterConfiguration(dataDirectory: data)
        configuration.controllerStep = .milliseconds(50)
        configuration.fsync = false
        if let faults { configuration.faults = try FaultInjector(spec: faults) }
        server = try await ClusterServer.start(configuration)
        guard let credentials = server.credentials else { throw SandboxError("the local cluster serves no HTTPS") }
        var entry = KubeconfigEntry(name: context, server: server.url)
        entry.certificateAuthorityData = Array(credentials.authorityPEM.utf8)
        entry.clientCertificateData = Array(credentials.admin.certificatePEM.utf8)
        entry.clientKeyData = Array(credentials.admin.privateKeyPEM.utf8)
        try Kubeconfig.write(entry, to: kubeconfig)
        self.kubeconfig = kubeconfig
        self.context = context
    }

    /// Stops the cluster.
    package func stop() async { await server.stop() }

    /// Runs `body` with a client of the cluster, as its admin.
    package func withClient<Result: Sendable>(_ body: (KubeClient) async throws -> Result) async throws -> Result {
        let connection = try ClusterConnection.resolve(kubeconfig: kubeconfig, context: context, environment: [:])
        return try await KubeClient.with(connection) { try await body($0) }
    }
}
