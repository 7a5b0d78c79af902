import Digests
import Git
import Manifests

/// What post-receive sends to the webhook of git config `ops.webhook` for a
/// push to an environment's branch: the subset of GitHub's `push` event that
/// git-ops' agent, Argo CD's `/api/webhook` and Flux's receivers read (`ref`,
/// `before`, `after`, `repository`, `pusher`), signed as GitHub signs it
/// (`X-Hub-Signature-256: sha256=<HMAC-SHA-256 of the body>`) when
/// `ops.webhookSecret` is set. The secret never leaves the signature.
package struct PushWebhook: Sendable, Equatable {
    /// Where to send it.
    package var url: String
    /// The JSON body.
    package var body: String
    /// The request's headers, the signature among them when signed.
    package var headers: [(String, String)]

    package static func == (a: PushWebhook, b: PushWebhook) -> Bool {
        a.url == b.url && a.body == b.body && a.headers.map { "\($0.0): \($0.1)" } == b.headers.map { "\($0.0): \($0.1)" }
    }

    /// The request for `update`, or `nil` when the push deleted the ref.
    /// `repositoryURL` is how clusters' tools know the repository (git config
    /// `ops.webhookRepository`, else the server's path), `name` its last part.
    package init?(url: String, secret: String?, update: RefUpdate, repositoryURL: String, pusher: String?) {
        guard let new = update.new else { return nil }
        let zero = String(repeating: "0", count: 40)
        var name = repositoryURL.split(separator: "/").last.map(String.init) ?? repositoryURL
        if name.hasSuffix(".git") { name.removeLast(4) }
        let repository = Mapping([
            "name": .string(name), "full_name": .string(name), "html_url": .string(repositoryURL),
            "clone_url": .string(repositoryURL), "url": .string(repositoryURL),
        ])
        let event = Mapping([
            "ref": .string(update.ref), "before": .string(update.old?.hex ?? zero), "after": .string(new.hex),
            "created": .bool(update.old == nil), "deleted": .bool(false),
            "repository": .mapping(repository), "pusher": .mapping(Mapping(["name": .string(pusher ?? "unknown")])),
            "commits": .sequence([]),
        ])
        guard let body = try? JSON.serialize(.mapping(event)) else { return nil }
        self.url = url
        self.body = body
        headers = [("Content-Type", "application/json"), ("User-Agent", "git-ops"), ("X-GitHub-Event", "push")]
        if let secret, !secret.isEmpty, let mac = SHA256.hmac(key: Array(secret.utf8), message: Array(body.utf8)) {
            headers.append(("X-Hub-Signature-256", "sha256=" + SHA256.hex(mac)))
        }
    }

    /// The request as one JSON object, for the detached sender to read back.
    package func serialized() throws -> String {
        try JSON.serialize(.mapping(Mapping([
            "url": .string(url), "body": .string(body),
            "headers": .sequence(headers.map { .sequence([.string($0.0), .string($0.1)]) }),
        ])))
    }

    /// A request `serialized()` wrote, or `nil` for anything else.
    package init?(serialized text: String) {
        guard let object = try? JSON.parse(text), let url = object["url"]?.string, let body = object["body"]?.string,
              let pairs = object["headers"]?.sequence else { return nil }
        var headers: [(String, String)] = []
        for pair in pairs {
            guard let items = pair.sequence, items.count == 2, let key = items[0].string, let value = items[1].string else { return nil }
            headers.append((key, value))
        }
        self.url = url
        self.body = body
        self.headers = headers
    }
}
