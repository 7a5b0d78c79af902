import FoundationEssentials

/// Where the credentials of each request come from: a bearer token from the kubeconfig, a
/// token file (read again at most once a minute, as client-go does, since bound
/// service-account tokens rotate; it wins over the token), or an exec plugin (its token
/// when no other is set, its client certificate when the kubeconfig has none).
actor CredentialSource {
    /// A client certificate and key, PEM.
    struct Identity: Sendable, Equatable {
        var certificatePEM: [UInt8]
        var keyPEM: [UInt8]
    }

    private let credentials: ClusterConnection.Credentials
    private let plugin: ExecCredentialPlugin?
    private var fileToken: (value: String, readAt: ContinuousClock.Instant)?
    static let tokenFilePeriod: Duration = .seconds(60)

    init(connection: ClusterConnection) {
        credentials = connection.credentials
        plugin = connection.credentials.exec.map { ExecCredentialPlugin(config: $0, connection: connection) }
    }

    /// The client certificate to present, if any.
    func identity() async throws -> Identity? {
        if let certificate = credentials.clientCertificatePEM, let key = credentials.clientKeyPEM {
            return Identity(certificatePEM: certificate, keyPEM: key)
        }
        guard let plugin else { return nil }
        let credential = try await plugin.credential()
        guard let certificate = credential.clientCertificatePEM, let key = credential.clientKeyPEM else { return nil }
        return Identity(certificatePEM: certificate, keyPEM: key)
    }

    /// The `Authorization` header's value, if any.
    func authorization() async throws -> String? {
        if let file = credentials.tokenFile {
            if let cached = fileToken, ContinuousClock.now - cached.readAt < Self.tokenFilePeriod { return "Bearer \(cached.value)" }
            do {
                let bytes = try LocalFile.read(file, failure: "cannot read tokenFile '\(file)'")
                let token = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
                fileToken = (token, ContinuousClock.now)
                return "Bearer \(token)"
            } catch {
                // client-go keeps the last token it read, or falls back to `token`.
                if let cached = fileToken { return "Bearer \(cached.value)" }
                guard credentials.token != nil else { throw error }
            }
        }
        if let token = credentials.token { return "Bearer \(token)" }
        if let plugin {
            return try await plugin.credential().token.map { "Bearer \($0)" }
        }
        return nil
    }

    /// Whether a 401 may be cured by asking again (a rotated file, a plugin's new credential).
    var canRefresh: Bool { plugin != nil || credentials.tokenFile != nil }

    /// The server refused the credentials: read the file and run the plugin again next time.
    func refused() async {
        fileToken = nil
        await plugin?.invalidate()
    }
}
