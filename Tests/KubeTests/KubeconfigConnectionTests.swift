import Foundation
import Kube
import Testing

/// Resolving a context to a connection: what each kubeconfig field becomes, and the errors.
@Suite("Kubeconfig contexts resolved to connections")
struct KubeconfigConnectionTests {
    static let authority = "-----BEGIN CERTIFICATE-----\nAUTHORITY\n-----END CERTIFICATE-----\n"
    static let certificate = "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n"
    static let key = "-----BEGIN EC PRIVATE KEY-----\nKEY\n-----END EC PRIVATE KEY-----\n"

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// A kubeconfig of one context `c` with `cluster` and `user` fields (flow mappings' insides).
    static func config(cluster: String, user: String = "", namespace: String? = nil) -> String {
        """
        clusters:
        - name: k
          cluster: {\(cluster)}
        users:
        - name: u
          user: {\(user)}
        contexts:
        - name: c
          context: {cluster: k, user: u\(namespace.map { ", namespace: \($0)" } ?? "")}
        current-context: c
        """
    }

    /// The connection of a kubeconfig written at `<scratch>/kube/config`, beside `files`.
    static func connection(_ text: String, files: [String: String] = [:], namespace: String? = nil) throws -> ClusterConnection {
        let scratch = try Scratch()
        for (name, content) in files { try scratch.write("kube/" + name, content) }
        let path = try scratch.write("kube/config", text)
        return try #require(try Kubeconfig.read(path)).connection(namespace: namespace)
    }

    @Test("certificate-authority-data is used over certificate-authority, a relative file read beside the kubeconfig")
    func authority() throws {
        let data = try Self.connection(Self.config(cluster: "server: 'https://k:6443', certificate-authority: ca.crt, certificate-authority-data: \(Self.base64(Self.authority))"),
                                       files: ["ca.crt": "FROM FILE"])
        #expect(data.authorityPEM == Array(Self.authority.utf8))
        let file = try Self.connection(Self.config(cluster: "server: 'https://k:6443', certificate-authority: pki/ca.crt"),
                                       files: ["pki/ca.crt": Self.authority])
        #expect(file.authorityPEM == Array(Self.authority.utf8))
        let none = try Self.connection(Self.config(cluster: "server: 'https://k:6443'"))
        #expect(none.authorityPEM == nil)
    }

    @Test("a client certificate and key come from data or from files; one without the other is an error")
    func clientCertificate() throws {
        let data = try Self.connection(Self.config(cluster: "server: 'https://k'",
                                                   user: "client-certificate-data: \(Self.base64(Self.certificate)), client-key-data: \(Self.base64(Self.key))"))
        #expect(data.credentials.clientCertificatePEM == Array(Self.certificate.utf8))
        #expect(data.credentials.clientKeyPEM == Array(Self.key.utf8))
        #expect(data.server.port == 443)
        let files = try Self.connection(Self.config(cluster: "server: 'https://k'", user: "client-certificate: me.crt, client-key: me.key"),
                                        files: ["me.crt": Self.certificate, "me.key": Self.key])
        #expect(files.credentials == data.credentials)
        #expect(throws: KubeconfigError(.invalidEntry, "user 'u' has a client certificate but no client-key")) {
            try Self.connection(Self.config(cluster: "server: 'https://k'", user: "client-certificate: me.crt"), files: ["me.crt": Self.certificate])
        }
    }

    @Test("a file that cannot be read is named with the system's reason")
    func unreadableFile() throws {
        #expect {
            try Self.connection(Self.config(cluster: "server: 'https://k', certificate-authority: missing.crt"))
        } throws: { error in
            let message = (error as? KubeconfigError)?.message ?? ""
            return message.hasPrefix("cannot read certificate-authority '") && message.hasSuffix("/kube/missing.crt' of cluster 'k': No such file or directory")
        }
    }

    @Test("a token file is kept as an absolute path, read at each request; a token is kept as it is")
    func tokens() throws {
        let file = try Self.connection(Self.config(cluster: "server: 'https://k'", user: "tokenFile: token"), files: ["token": "abc\n"])
        #expect(file.credentials.tokenFile?.hasSuffix("/kube/token") == true)
        #expect(file.credentials.tokenFile?.hasPrefix("/") == true)
        let token = try Self.connection(Self.config(cluster: "server: 'https://k'", user: "token: abc"))
        #expect(token.credentials.token == "abc")
        #expect(token.credentials.description == "token")
    }

    @Test("insecure-skip-tls-verify and tls-server-name are carried; insecure with an authority is refused")
    func trustSettings() throws {
        let insecure = try Self.connection(Self.config(cluster: "server: 'https://k', insecure-skip-tls-verify: true"))
        #expect(insecure.insecureSkipTLSVerify)
        let named = try Self.connection(Self.config(cluster: "server: 'https://10.0.0.1:6443', tls-server-name: kubernetes.default"))
        #expect(named.tlsServerName == "kubernetes.default")
        #expect(!named.insecureSkipTLSVerify)
        #expect(throws: KubeconfigError(.invalidEntry, "cluster 'k' has both a certificate authority and insecure-skip-tls-verify; remove one of them")) {
            try Self.connection(Self.config(cluster: "server: 'https://k', insecure-skip-tls-verify: true, certificate-authority-data: \(Self.base64(Self.authority))"))
        }
    }

    @Test("the namespace is the one asked for, else the context's, else default")
    func namespaces() throws {
        let text = Self.config(cluster: "server: 'https://k'", namespace: "team")
        #expect(try Self.connection(text).namespace == "team")
        #expect(try Self.connection(text, namespace: "other").namespace == "other")
        #expect(try Self.connection(Self.config(cluster: "server: 'https://k'")).namespace == "default")
    }

    @Test("credentials for a plain-http server are refused; a plain-http server without any is allowed")
    func credentialsOverHTTP() throws {
        #expect(throws: KubeconfigError(.credentialsOverHTTP,
                                        "refusing to send credentials (token) of context 'c' to 'http://k:8080' over plain http; use an https server address")) {
            try Self.connection(Self.config(cluster: "server: 'http://k:8080'", user: "token: secret-value"))
        }
        #expect(throws: KubeconfigError.self) {
            try Self.connection(Self.config(cluster: "server: 'http://k:8080'",
                                            user: "client-certificate-data: \(Self.base64(Self.certificate)), client-key-data: \(Self.base64(Self.key))"))
        }
        #expect(try Self.connection(Self.config(cluster: "server: 'http://k:8080'")).server.scheme == "http")
    }

    @Test("a missing context, cluster or user is a one-line error naming it", arguments: [
        ("current-context: prod\ncontexts:\n- {name: dev, context: {cluster: k}}\n", "cannot find context 'prod' in kubeconfig '$FILE' (contexts: 'dev')"),
        ("contexts:\n- {name: dev, context: {cluster: k}}\n", "no current context in kubeconfig '$FILE'; choose one with --context"),
        ("current-context: dev\ncontexts:\n- {name: dev, context: {cluster: k}}\n", "cannot find cluster 'k' of context 'dev' in kubeconfig '$FILE'"),
        ("current-context: dev\ncontexts:\n- {name: dev, context: {cluster: k, user: u}}\nclusters:\n- {name: k, cluster: {server: 'https://k'}}\n",
         "cannot find user 'u' of context 'dev' in kubeconfig '$FILE'"),
        ("current-context: dev\ncontexts:\n- {name: dev, context: {cluster: k}}\nclusters:\n- {name: k, cluster: {}}\n",
         "cluster 'k' of context 'dev' has no server"),
    ])
    func missingEntries(text: String, message: String) throws {
        let scratch = try Scratch()
        let path = try scratch.write("config", text)
        let config = try #require(try Kubeconfig.read(path))
        #expect {
            try config.connection()
        } throws: { error in
            guard let error = error as? KubeconfigError else { return false }
            return error.message == message.replacingOccurrences(of: "$FILE", with: path) && !error.message.contains("\n")
        }
    }

    @Test("a chosen context wins over the current one")
    func chosenContext() throws {
        let scratch = try Scratch()
        let path = try scratch.write("config", """
            current-context: a
            contexts: [{name: a, context: {cluster: a}}, {name: b, context: {cluster: b}}]
            clusters: [{name: a, cluster: {server: 'https://a'}}, {name: b, cluster: {server: 'https://b:7443/prefix/'}}]
            """)
        let connection = try #require(try Kubeconfig.read(path)).connection(context: "b")
        #expect(connection.context == "b")
        #expect(connection.server.description == "https://b:7443/prefix")
    }

    @Test("auth-provider and bare basic authentication are refused with what to use instead", arguments: [
        ("auth-provider: {name: gcp}", "user 'u' uses auth-provider 'gcp', which git-ops does not support; use its exec credential plugin instead"),
        ("username: me, password: secret", "user 'u' has only a username and password, which git-ops does not send; use a token or a client certificate"),
    ])
    func unsupported(user: String, message: String) throws {
        #expect(throws: KubeconfigError(.unsupported, message)) {
            try Self.connection(Self.config(cluster: "server: 'https://k'", user: user))
        }
    }

    @Test("data that is not base64 is an error that does not show it")
    func badBase64() throws {
        #expect {
            try Self.connection(Self.config(cluster: "server: 'https://k'", user: "client-key-data: 'not*base64*secret'"))
        } throws: { error in
            let message = (error as? KubeconfigError)?.message ?? ""
            return message.hasSuffix("'client-key-data' of 'u' is not base64") && !message.contains("secret")
        }
    }

    @Test("server URLs are taken apart; others are refused", arguments: [
        ("https://127.0.0.1:6443", "https", "127.0.0.1", 6443, ""), ("https://[::1]:6443/", "https", "::1", 6443, ""),
        ("http://localhost", "http", "localhost", 80, ""), ("https://rancher.example/k8s/clusters/c-1", "https", "rancher.example", 443, "/k8s/clusters/c-1"),
    ])
    func serverAddresses(url: String, scheme: String, host: String, port: Int, prefix: String) throws {
        let address = try ServerAddress(url)
        #expect(address.scheme == scheme && address.host == host && address.port == port && address.pathPrefix == prefix)
    }

    @Test("a server that is not an http or https URL is refused", arguments: ["127.0.0.1:6443", "ftp://k", "https://:6443", "https://k:99999"])
    func badServers(url: String) {
        #expect(throws: KubeconfigError.self) { try ServerAddress(url) }
    }
}
