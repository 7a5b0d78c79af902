import Digests

/// Checks that a webhook delivery comes from the git server: each provider's
/// signature or token against the agent's secret for it, compared in constant
/// time. Without a secret for the provider, every delivery is refused.
package enum WebhookVerifier {
    /// The providers, by the last segment of `/hooks/<provider>`.
    package static let providers = ["github", "gitlab", "gitea", "generic"]

    /// `nil` when `request` is authentic for `provider`, else why not.
    package static func refusal(_ request: AgentRequest, provider: String, secret: [UInt8]?) -> String? {
        guard let secret, !secret.isEmpty else { return "no secret is set for \(provider) webhooks; the agent accepts none" }
        switch provider {
        case "github":
            // Only the SHA-256 header: the SHA-1 one is not accepted in its place.
            guard let header = request.header("X-Hub-Signature-256") else { return "no X-Hub-Signature-256 header" }
            return hmacRefusal(header, prefix: "sha256=", secret: secret, body: request.body)
        case "gitea":
            if let header = request.header("X-Gitea-Signature") ?? request.header("X-Gogs-Signature") {
                return hmacRefusal(header, prefix: "", secret: secret, body: request.body)
            }
            guard let header = request.header("X-Hub-Signature-256") else { return "no X-Gitea-Signature header" }
            return hmacRefusal(header, prefix: "sha256=", secret: secret, body: request.body)
        case "gitlab":
            guard let token = request.header("X-Gitlab-Token") else { return "no X-Gitlab-Token header" }
            return constantTimeEqual(Array(token.utf8), secret) ? nil : "X-Gitlab-Token does not match"
        case "generic":
            // Flux's generic-hmac: X-Signature: sha256=<hex of the body's HMAC>.
            guard let header = request.header("X-Signature") else { return "no X-Signature header" }
            return hmacRefusal(header, prefix: "sha256=", secret: secret, body: request.body)
        default:
            return "unknown provider '\(provider)'"
        }
    }

    static func hmacRefusal(_ header: String, prefix: String, secret: [UInt8], body: [UInt8]) -> String? {
        guard header.hasPrefix(prefix), let mac = SHA256.hmac(key: secret, message: body) else {
            return prefix.isEmpty ? "malformed signature" : "the signature does not start with '\(prefix)'"
        }
        let expected = Array(SHA256.hex(mac).utf8)
        let given = Array(header.dropFirst(prefix.count).lowercased().utf8)
        return constantTimeEqual(given, expected) ? nil : "the signature does not match"
    }

    /// Equality whose time depends on the lengths only.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
