import FoundationEssentials
import Kube
import LocalCluster

/// The kubeconfig context of a local cluster, `git-ops-<name>`: `LocalCluster` says where the
/// server is and which certificates reach it, `Kube` writes the context, as kind writes
/// `kind-<name>`. The CLI composes the two; neither library knows the other.
enum ClusterContext {
    /// `local` unless `--name` says otherwise.
    static let defaultName = "local"

    /// `git-ops-<name>`.
    static func name(_ cluster: String) -> String { "git-ops-\(cluster)" }

    /// A cluster name is a DNS label, as it becomes part of a context, a data directory and a file name.
    static func check(_ cluster: String) throws {
        let allowed = cluster.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }
        guard allowed, !cluster.isEmpty, cluster.count <= 40, !cluster.hasPrefix("-"), !cluster.hasSuffix("-") else {
            throw CLIError(.usage, "invalid --name '\(cluster)': use up to 40 lower-case letters, digits and '-', as in a DNS label")
        }
    }

    /// The context of the server `record` names: its URL, and over HTTPS the cluster's
    /// authority and the admin's client certificate, embedded.
    static func entry(_ cluster: String, record: ClusterRecord) throws -> KubeconfigEntry {
        var entry = KubeconfigEntry(name: name(cluster), server: record.url)
        guard record.scheme == .https else { return entry }
        guard let credentials = ClusterCredentials.read(in: record.dataDirectory) else {
            throw CLIError(.fatal, "cannot read the local cluster's certificates in '\(record.dataDirectory)/pki'")
        }
        entry.certificateAuthorityData = Array(credentials.authorityPEM.utf8)
        entry.clientCertificateData = Array(credentials.admin.certificatePEM.utf8)
        entry.clientKeyData = Array(credentials.admin.privateKeyPEM.utf8)
        return entry
    }

    /// Adds or replaces the context in the user's kubeconfig and makes it current; returns the file.
    static func write(_ cluster: String, record: ClusterRecord) throws -> String {
        let path = Kubeconfig.writePath(environment: ProcessInfo.processInfo.environment)
        do {
            try Kubeconfig.write(try entry(cluster, record: record), to: path)
        } catch let error as KubeconfigError {
            throw CLIError(.fatal, error.message)
        }
        return path
    }

    /// Removes the context from the user's kubeconfig.
    static func remove(_ cluster: String) throws {
        let path = Kubeconfig.writePath(environment: ProcessInfo.processInfo.environment)
        do {
            try Kubeconfig.remove(name(cluster), from: path)
        } catch let error as KubeconfigError {
            throw CLIError(.fatal, error.message)
        }
    }
}
