/// Everything needed to reach one cluster, resolved from a kubeconfig context or from a
/// pod's service account: where the API server is, whom to trust, who to be, and the
/// default namespace. Files named by the kubeconfig (authority, certificate, key) are read
/// already; a token file and an exec plugin are read or run when a request needs them.
package struct ClusterConnection: Sendable, Equatable {
    /// The context it came from (`in-cluster` for a pod's service account).
    package var context: String
    /// The API server.
    package var server: ServerAddress
    /// The authorities to trust (PEM); nil: the system's.
    package var authorityPEM: [UInt8]?
    /// Skip verifying the server's certificate (`insecure-skip-tls-verify`).
    package var insecureSkipTLSVerify = false
    /// The name the server's certificate must carry, when not the server's host (`tls-server-name`).
    package var tlsServerName: String?
    /// The namespace of objects that name none (the context's, else `default`).
    package var namespace = "default"
    /// Who to be.
    package var credentials = Credentials()

    /// A connection to `server` with no trust settings, credentials or namespace of its own.
    package init(context: String, server: ServerAddress) {
        self.context = context
        self.server = server
    }

    /// The credentials of a connection. Its description names what is set, never a value.
    package struct Credentials: Sendable, Equatable, CustomStringConvertible {
        /// A bearer token.
        package var token: String?
        /// A file holding a bearer token, read again as it changes (bound service-account tokens rotate).
        package var tokenFile: String?
        /// A client certificate (PEM).
        package var clientCertificatePEM: [UInt8]?
        /// Its private key (PEM).
        package var clientKeyPEM: [UInt8]?
        /// A plugin that gives a token or a client certificate.
        package var exec: ExecConfig?

        /// No credentials.
        package init() {}

        /// Whether there is nothing to send.
        package var isEmpty: Bool {
            token == nil && tokenFile == nil && clientCertificatePEM == nil && exec == nil
        }

        /// `token, client certificate`: the kinds set.
        package var description: String {
            var kinds: [String] = []
            if token != nil { kinds.append("token") }
            if let tokenFile { kinds.append("token file '\(tokenFile)'") }
            if clientCertificatePEM != nil { kinds.append("client certificate") }
            if let exec { kinds.append("exec plugin '\(exec.command)'") }
            return kinds.isEmpty ? "none" : kinds.joined(separator: ", ")
        }
    }

    /// Refuses credentials a plain-HTTP server would show to the network. kubectl silently
    /// sends none there; a reconciler that did so would fail later with a less clear 401.
    func checkTransport() throws {
        guard server.scheme == "http", !credentials.isEmpty else { return }
        throw KubeconfigError(.credentialsOverHTTP,
                              "refusing to send credentials (\(credentials)) of context '\(context)' to '\(server)' over plain http; "
                                  + "use an https server address")
    }
}
