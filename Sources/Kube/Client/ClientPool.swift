import AsyncHTTPClient
import NIOCore
import NIOSSL

/// The `HTTPClient` of a connection, one per client identity: TLS settings are fixed when
/// an `HTTPClient` is made, so a client certificate an exec plugin renews needs a new one.
/// The replaced ones are shut down with the pool, after their requests.
actor ClientPool {
    private let connection: ClusterConnection
    private let maxConnections: Int
    private let readTimeout: Duration
    private var current: (identity: CredentialSource.Identity?, client: HTTPClient)?
    private var retired: [HTTPClient] = []
    private var closed = false

    /// `readTimeout` cuts a connection silent that long, a watch's included (its server
    /// sends bookmarks and ends it after `timeoutSeconds`, so only a dead one stays silent).
    init(connection: ClusterConnection, maxConnections: Int, readTimeout: Duration) throws {
        self.connection = connection
        self.maxConnections = maxConnections
        self.readTimeout = readTimeout
        // Refuse unreadable trust settings and certificates now, not at the first request.
        let credentials = connection.credentials
        let identity = credentials.clientCertificatePEM.flatMap { certificate in
            credentials.clientKeyPEM.map { CredentialSource.Identity(certificatePEM: certificate, keyPEM: $0) }
        }
        _ = try Self.tls(connection, identity: identity)
    }

    /// The client presenting `identity`.
    func client(for identity: CredentialSource.Identity?) throws -> HTTPClient {
        if let current, current.identity == identity { return current.client }
        guard !closed else { throw KubeError(.connection, "cannot reach '\(connection.server)': the client is shut down") }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: try Self.tls(connection, identity: identity), redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: TimeAmount(readTimeout)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnections),
            decompression: .disabled)
        // A failed connection is the request's failure, retried by `RetryPolicy`'s rules; left
        // to itself the pool would try again until the request's deadline, a minute of
        // silence before "connection refused".
        configuration.connectionPool.retryConnectionEstablishment = false
        // AHC has no SNI override: requests go to the URL with `tls-server-name` as its host,
        // and this sends that name's connections to the server's real address (tls.md).
        if let name = connection.tlsServerName, connection.server.scheme == "https" {
            configuration.dnsOverride = [name: connection.server.host]
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        if let old = current?.client { retired.append(old) }
        current = (identity, client)
        return client
    }

    /// Shuts every client down; later requests fail.
    func shutdown() async {
        closed = true
        let clients = retired + (current.map { [$0.client] } ?? [])
        current = nil
        retired = []
        for client in clients { try? await client.shutdown() }
    }

    /// The TLS settings of a connection: its authorities (else the system's), no verification
    /// when asked, and the identity to present. Errors name the setting, never its contents.
    static func tls(_ connection: ClusterConnection, identity: CredentialSource.Identity?) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if connection.insecureSkipTLSVerify { tls.certificateVerification = .none }
        if let authority = connection.authorityPEM {
            guard let certificates = try? NIOSSLCertificate.fromPEMBytes(authority), !certificates.isEmpty else {
                throw KubeconfigError(.invalidEntry, "the certificate authority of context '\(connection.context)' is not a PEM certificate")
            }
            tls.trustRoots = .certificates(certificates)
        }
        if let identity {
            guard let chain = try? NIOSSLCertificate.fromPEMBytes(identity.certificatePEM), !chain.isEmpty else {
                throw KubeconfigError(.invalidEntry, "the client certificate of context '\(connection.context)' is not a PEM certificate")
            }
            guard let key = try? NIOSSLPrivateKey(bytes: identity.keyPEM, format: .pem) else {
                throw KubeconfigError(.invalidEntry, "the client key of context '\(connection.context)' is not a PEM private key")
            }
            tls.certificateChain = chain.map { .certificate($0) }
            tls.privateKey = .privateKey(key)
        }
        return tls
    }
}
