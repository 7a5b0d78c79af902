import Foundation

extension Agent {
    /// Answers one request: `/hooks/<provider>` (POST), `/metrics`, `/healthz`, `/readyz` and `/`.
    package func respond(_ request: AgentRequest) async -> AgentResponse {
        let path = request.path
        if path.hasPrefix("/hooks/") {
            let provider = String(path.dropFirst("/hooks/".count))
            guard WebhookVerifier.providers.contains(provider) else { return .text(404, "no webhook receiver '\(provider)'") }
            guard request.method == "POST" else { return .text(405, "webhooks are POSTed") }
            if let refusal = WebhookVerifier.refusal(request, provider: provider, secret: options.webhookSecrets[provider]) {
                metrics.webhook(provider, accepted: false)
                return .text(401, "webhook refused: \(refusal)")
            }
            metrics.webhook(provider, accepted: true)
            await trigger()
            return .text(202, "accepted: fetching and checking every environment")
        }
        guard request.method == "GET" || request.method == "HEAD" else { return .text(405, "only GET") }
        switch path {
        case "/metrics":
            return AgentResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics.text())
        case "/healthz":
            return .text(200, "ok")
        case "/readyz":
            let ready = await state.snapshot().ready
            return ready ? .text(200, "ok") : .text(503, "not ready: environments not checked yet")
        case "/", "/index.html":
            let snapshot = await state.snapshot()
            return AgentResponse(status: 200, contentType: "text/html; charset=utf-8",
                                 body: Array(StatusPage.html(snapshot.reports, recent: snapshot.recent, repository: metrics.namespace).utf8))
        default:
            return .text(404, "not found")
        }
    }

    /// Serves the endpoints on the listen address; returns the server, which the caller shuts down.
    package func serve() async throws -> AgentServerHandle {
        let server = try await AgentHTTPServer(host: options.listenHost, port: options.listenPort, maxBodyBytes: options.maxBodyBytes) { request in
            await self.respond(request)
        }
        return AgentServerHandle(server: server)
    }
}

/// The agent's running HTTP server.
package struct AgentServerHandle: Sendable {
    let server: AgentHTTPServer
    package var port: Int { server.port }
    package func shutdown() async { await server.shutdown() }
}
