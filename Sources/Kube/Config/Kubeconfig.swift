import FoundationEssentials
import Manifests

/// A kubeconfig as kubectl reads it: the clusters, users and contexts of one file, or of
/// several merged (`Kubeconfig+Load`), and the current context. Paths inside are absolute,
/// resolved against the directory of the file that named them, as client-go resolves them;
/// `…-data` fields are decoded from base64.
///
/// The one kubeconfig type of the package: the reconciler resolves a context of it to a
/// `ClusterConnection`, and `git ops cluster` writes its context through `Kubeconfig+Write`.
package struct Kubeconfig: Sendable, Equatable {
    /// A `clusters[].cluster` entry.
    package struct Cluster: Sendable, Equatable {
        /// `server`: `https://host:port`.
        package var server = ""
        /// `certificate-authority`: a PEM file.
        package var certificateAuthority: String?
        /// `certificate-authority-data`: PEM (it overrides the file).
        package var certificateAuthorityData: [UInt8]?
        /// `insecure-skip-tls-verify`.
        package var insecureSkipTLSVerify = false
        /// `tls-server-name`: the name the server's certificate is checked against (and sent as SNI).
        package var tlsServerName: String?
        /// `proxy-url`, which this client does not follow.
        package var proxyURL: String?
    }

    /// A `users[].user` entry. Its secrets never appear in a message.
    package struct User: Sendable, Equatable {
        /// `token`.
        package var token: String?
        /// `tokenFile`: read again as it changes; it takes precedence over `token`.
        package var tokenFile: String?
        /// `client-certificate`: a PEM file.
        package var clientCertificate: String?
        /// `client-certificate-data`: PEM (it overrides the file).
        package var clientCertificateData: [UInt8]?
        /// `client-key`: a PEM file.
        package var clientKey: String?
        /// `client-key-data`: PEM (it overrides the file).
        package var clientKeyData: [UInt8]?
        /// `exec`: a credential plugin.
        package var exec: ExecConfig?
        /// `auth-provider`'s name, which this client does not support.
        package var authProvider: String?
        /// Whether `username` or `password` is set (basic authentication, not supported).
        package var hasBasicAuth = false
    }

    /// A `contexts[].context` entry.
    package struct Context: Sendable, Equatable {
        /// The cluster's name.
        package var cluster = ""
        /// The user's name (empty: no credentials).
        package var user = ""
        /// The default namespace.
        package var namespace: String?
    }

    /// Clusters by name.
    package var clusters: [String: Cluster] = [:]
    /// Users by name.
    package var users: [String: User] = [:]
    /// Contexts by name.
    package var contexts: [String: Context] = [:]
    /// `current-context`, when set.
    package var currentContext: String?
    /// The files read, in order.
    package var files: [String] = []

    /// An empty kubeconfig.
    package init() {}

    /// The kubeconfig of one file's parsed document; relative paths are resolved against `file`'s directory.
    package init(document: Node, file: String) throws {
        files = [file]
        guard document.mapping != nil || document.isNull else {
            throw KubeconfigError(.unreadable, "cannot read kubeconfig '\(file)': not a mapping")
        }
        let reader = EntryReader(file: file)
        clusters = try reader.named(document["clusters"], list: "clusters", field: "cluster", reader.cluster)
        users = try reader.named(document["users"], list: "users", field: "user", reader.user)
        contexts = try reader.named(document["contexts"], list: "contexts", field: "context", reader.context)
        currentContext = document["current-context"]?.text.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The files' names joined as `$KUBECONFIG` joins them, for messages.
    var source: String { files.joined(separator: ":") }
}

/// Reads the entries of one kubeconfig file.
private struct EntryReader {
    var file: String

    var directory: String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }

    func fail(_ detail: String) -> KubeconfigError {
        KubeconfigError(.unreadable, "cannot read kubeconfig '\(file)': \(detail)")
    }

    /// `[{name: n, <field>: {...}}]` as a dictionary; a name twice is an error, as in client-go.
    func named<Entry>(_ node: Node?, list: String, field: String, _ read: (Node, String) throws -> Entry) throws -> [String: Entry] {
        guard let node, !node.isNull else { return [:] }
        guard let items = node.sequence else { throw fail("'\(list)' is not a list") }
        var entries: [String: Entry] = [:]
        for item in items {
            guard let name = item["name"]?.text, !name.isEmpty else { throw fail("an entry of '\(list)' has no name") }
            guard entries[name] == nil else { throw fail("'\(list)' names '\(name)' twice") }
            entries[name] = try read(item[field] ?? .emptyMapping, name)
        }
        return entries
    }

    /// A path as written, made absolute against the file's directory.
    func path(_ node: Node?) -> String? {
        guard let text = node?.text, !text.isEmpty else { return nil }
        return text.hasPrefix("/") ? text : directory + "/" + text
    }

    func string(_ node: Node?) -> String? {
        node?.text.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Base64 as Go decodes a `[]byte` field (line breaks allowed); the value itself is never shown.
    func data(_ node: Node?, _ field: String, of entry: String) throws -> [UInt8]? {
        guard let text = string(node) else { return nil }
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Base64.decode(compact) else { throw fail("'\(field)' of '\(entry)' is not base64") }
        return data
    }

    func cluster(_ node: Node, _ name: String) throws -> Kubeconfig.Cluster {
        var cluster = Kubeconfig.Cluster()
        cluster.server = string(node["server"]) ?? ""
        cluster.certificateAuthority = path(node["certificate-authority"])
        cluster.certificateAuthorityData = try data(node["certificate-authority-data"], "certificate-authority-data", of: name)
        cluster.insecureSkipTLSVerify = node["insecure-skip-tls-verify"]?.text == "true"
        cluster.tlsServerName = string(node["tls-server-name"])
        cluster.proxyURL = string(node["proxy-url"])
        return cluster
    }

    func user(_ node: Node, _ name: String) throws -> Kubeconfig.User {
        var user = Kubeconfig.User()
        user.token = string(node["token"])
        user.tokenFile = path(node["tokenFile"])
        user.clientCertificate = path(node["client-certificate"])
        user.clientCertificateData = try data(node["client-certificate-data"], "client-certificate-data", of: name)
        user.clientKey = path(node["client-key"])
        user.clientKeyData = try data(node["client-key-data"], "client-key-data", of: name)
        user.authProvider = node["auth-provider"].map { $0["name"]?.text ?? "" }
        user.hasBasicAuth = string(node["username"]) != nil || string(node["password"]) != nil
        if let exec = node["exec"], !exec.isNull {
            user.exec = try ExecConfig(node: exec, directory: directory, user: name, file: file)
        }
        return user
    }

    func context(_ node: Node, _ name: String) throws -> Kubeconfig.Context {
        Kubeconfig.Context(cluster: string(node["cluster"]) ?? "", user: string(node["user"]) ?? "",
                           namespace: string(node["namespace"]))
    }
}
