import Digests
import Reconcile
import Testing
@testable import Agent

@Suite("WebhookVerifier")
struct WebhookVerifierTests {
    func request(_ headers: [(String, String)], body: String = "Hello, World!") -> AgentRequest {
        AgentRequest(method: "POST", path: "/hooks/x", headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8))
    }

    let secret = Array("It's a Secret to Everybody".utf8)
    /// GitHub's documented test vector.
    let signature = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    @Test("GitHub: only a matching X-Hub-Signature-256 passes")
    func github() {
        #expect(WebhookVerifier.refusal(request([("X-Hub-Signature-256", "sha256=" + signature)]), provider: "github", secret: secret) == nil)
        #expect(WebhookVerifier.refusal(request([("x-hub-signature-256", "sha256=" + signature.uppercased())]), provider: "github", secret: secret) == nil)
        #expect(WebhookVerifier.refusal(request([("X-Hub-Signature-256", "sha256=" + signature)], body: "Hello, World?"), provider: "github", secret: secret)
            == "the signature does not match")
        #expect(WebhookVerifier.refusal(request([("X-Hub-Signature", "sha1=01")]), provider: "github", secret: secret) == "no X-Hub-Signature-256 header")
        #expect(WebhookVerifier.refusal(request([("X-Hub-Signature-256", signature)]), provider: "github", secret: secret)
            == "the signature does not start with 'sha256='")
        #expect(WebhookVerifier.refusal(request([("X-Hub-Signature-256", "sha256=" + signature)]), provider: "github", secret: nil)?
            .contains("no secret is set") == true)
    }

    @Test("Gitea, GitLab and the generic HMAC form")
    func others() {
        #expect(WebhookVerifier.refusal(request([("X-Gitea-Signature", signature)]), provider: "gitea", secret: secret) == nil)
        #expect(WebhookVerifier.refusal(request([("X-Gitea-Signature", "00")]), provider: "gitea", secret: secret) != nil)
        #expect(WebhookVerifier.refusal(request([("X-Gitlab-Token", "It's a Secret to Everybody")]), provider: "gitlab", secret: secret) == nil)
        #expect(WebhookVerifier.refusal(request([("X-Gitlab-Token", "It's a Secret to Everybod")]), provider: "gitlab", secret: secret) != nil)
        #expect(WebhookVerifier.refusal(request([("X-Signature", "sha256=" + signature)]), provider: "generic", secret: secret) == nil)
        #expect(WebhookVerifier.refusal(request([("X-Signature", "sha1=" + signature)]), provider: "generic", secret: secret) != nil)
    }

    @Test("compares in constant time, lengths included")
    func constantTime() {
        #expect(WebhookVerifier.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!WebhookVerifier.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(!WebhookVerifier.constantTimeEqual([1, 2], [1, 2, 0]))
        #expect(!WebhookVerifier.constantTimeEqual([1, 2, 3], [1, 2, 4]))
    }

    @Test("reads --listen addresses")
    func listen() {
        #expect(AgentOptions.parseListen("127.0.0.1:9797")! == ("127.0.0.1", 9797))
        #expect(AgentOptions.parseListen(":8080")! == ("0.0.0.0", 8080))
        #expect(AgentOptions.parseListen("[::1]:80")! == ("::1", 80))
        #expect(AgentOptions.parseListen("localhost") == nil)
        #expect(AgentOptions.parseListen("a:99999") == nil)
    }

    @Test("the status page escapes what it shows")
    func escaping() {
        var report = EnvironmentReport(name: "dev")
        report.deployedCommit = "0123456789"
        report.deployedSubject = "<script>alert(1)</script>"
        let page = StatusPage.html([report], recent: [], repository: "r&d")
        #expect(!page.contains("<script>") && page.contains("&lt;script&gt;") && page.contains("r&amp;d"))
        #expect(page.contains("<meta http-equiv=\"refresh\""))
    }
}

@Suite("NotificationPayload")
struct NotificationPayloadTests {
    let event = AgentEvent(environment: "prod", severity: "error", reason: "HealthCheckFailed", message: "web is not ready",
                           branch: "main", commit: "0123456789abcdef0123456789abcdef01234567")

    @Test("a GitHub commit status as Flux's github provider posts one")
    func github() throws {
        var provider = NotificationProvider(name: "gh", kind: .github)
        provider.repository = "acme/deploy"
        let payload = try #require(NotificationPayload.make(event, provider: provider, address: nil, secret: Array("t0ken".utf8),
                                                            repository: "deploy", instance: "host"))
        #expect(payload.url == "https://api.github.com/repos/acme/deploy/statuses/0123456789abcdef0123456789abcdef01234567")
        #expect(payload.headers["Authorization"] == "Bearer t0ken")
        #expect(String(decoding: payload.body, as: UTF8.self)
            == #"{"state":"failure","context":"git-ops/prod","description":"health check failed"}"#)
        var progressing = event
        progressing.reason = "Progressing"
        #expect(NotificationPayload.make(progressing, provider: provider, address: nil, secret: Array("t".utf8), repository: "r", instance: "h") == nil)
    }

    @Test("generic-hmac signs the exact body")
    func hmac() throws {
        let provider = NotificationProvider(name: "h", kind: .genericHMAC)
        let payload = try #require(NotificationPayload.make(event, provider: provider, address: "http://x/", secret: Array("k".utf8),
                                                            repository: "deploy", instance: "host"))
        let signature = try #require(payload.headers["X-Signature"])
        #expect(signature == "sha256=" + Digests.SHA256.hex(Digests.SHA256.hmac(key: Array("k".utf8), message: payload.body)!))
        let text = String(decoding: payload.body, as: UTF8.self)
        #expect(text.contains(#""reason":"HealthCheckFailed""#) && text.contains(#""revision":"main@sha1:0123456789abcdef0123456789abcdef01234567""#))
    }
}

@Suite("Notification providers from git config")
struct GitConfigProvidersTests {
    @Test("reads ops.notify.<name>.<key> as a provider, and refuses what .gitops.yaml refuses")
    func providers() throws {
        let providers = try GitOpsFile.notifications(gitConfig: """
            ops.notify.chat.type slack
            ops.notify.chat.addressfile /etc/git-ops/slack-url
            ops.notify.chat.environments prod, staging
            ops.notify.gh.type github
            ops.notify.gh.repository acme/deploy
            ops.notify.gh.secretenv GITHUB_TOKEN

            """)
        #expect(providers.map(\.name) == ["chat", "gh"])
        #expect(providers[0].kind == .slack && providers[0].addressFile == "/etc/git-ops/slack-url")
        #expect(providers[0].environments == ["prod", "staging"])
        #expect(providers[1].kind == .github && providers[1].secretEnv == "GITHUB_TOKEN" && providers[1].repository == "acme/deploy")
        #expect(throws: ConfigurationError.self) { try GitOpsFile.notifications(gitConfig: "ops.notify.x.type pager\n") }
    }
}
