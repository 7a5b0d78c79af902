import FoundationEssentials
import Manifests

/// What an exec credential plugin answers (`ExecCredential.status`): a token, or a client
/// certificate and key, and when they stop being valid.
struct ExecCredential: Sendable, Equatable {
    var token: String?
    var clientCertificatePEM: [UInt8]?
    var clientKeyPEM: [UInt8]?
    /// nil: valid until the server refuses it.
    var expiration: Date?

    /// Reads the plugin's standard output; `plugin` names it in errors (the output itself
    /// holds the secret, so no part of it is ever quoted).
    init(output: [UInt8], expectedVersion: String, plugin: String) throws {
        func fail(_ detail: String) -> KubeconfigError {
            KubeconfigError(.execPlugin, "exec plugin '\(plugin)' answered \(detail)")
        }
        guard let document = try? JSON.parse(output) else { throw fail("something that is not JSON") }
        guard document["kind"]?.text == "ExecCredential" else { throw fail("no ExecCredential") }
        guard document["apiVersion"]?.text == expectedVersion else {
            throw fail("apiVersion '\(document["apiVersion"]?.text ?? "")', not the '\(expectedVersion)' asked for")
        }
        let status = document["status"]
        token = status?["token"]?.text.flatMap { $0.isEmpty ? nil : $0 }
        clientCertificatePEM = status?["clientCertificateData"]?.text.map { Array($0.utf8) }
        clientKeyPEM = status?["clientKeyData"]?.text.map { Array($0.utf8) }
        guard (clientCertificatePEM == nil) == (clientKeyPEM == nil) else {
            throw fail("a client certificate without its key, or a key without its certificate")
        }
        guard token != nil || clientCertificatePEM != nil else { throw fail("neither a token nor a client certificate") }
        if let text = status?["expirationTimestamp"]?.text {
            guard let date = Self.date(text) else { throw fail("an expirationTimestamp that is not RFC 3339") }
            expiration = date
        }
    }

    init(token: String?, expiration: Date?) {
        self.token = token
        self.expiration = expiration
    }

    /// Whether the credential is still good `margin` from now, so it does not end in flight.
    func isValid(at now: Date, margin: TimeInterval = 10) -> Bool {
        expiration.map { $0.timeIntervalSince(now) > margin } ?? true
    }

    static func date(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}
