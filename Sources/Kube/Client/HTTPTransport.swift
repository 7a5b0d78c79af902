import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif
import NIOSSL

/// Sends the client's requests to one cluster: over AsyncHTTPClient, at most
/// `maxRequestsInFlight` at a time, each attempt within `requestTimeout`, with the
/// connection's credentials, retried as `RetryPolicy` says; a 401 is retried once with
/// fresh credentials when they can be renewed (a token file, an exec plugin).
final class HTTPTransport: Sendable {
    let connection: ClusterConnection
    private let options: KubeClient.Options
    private let clients: ClientPool
    private let credentials: CredentialSource
    private let limiter: RequestLimiter

    init(connection: ClusterConnection, options: KubeClient.Options) throws {
        try connection.checkTransport()
        self.connection = connection
        self.options = options
        clients = try ClientPool(connection: connection, maxConnections: options.maxRequestsInFlight,
                                 readTimeout: .seconds(options.watchTimeoutSeconds + 60))
        credentials = CredentialSource(connection: connection)
        limiter = RequestLimiter(limit: options.maxRequestsInFlight)
    }

    func shutdown() async {
        await clients.shutdown()
    }

    /// Sends `request` until it is answered for good; the answer may be an error status.
    func send(_ request: KubeRequest) async throws -> KubeResponse {
        let answer = try await retrying(request) { http, client in
            try await withDeadline(self.options.requestTimeout, onTimeout: { self.timeout(request) }) {
                let response = try await client.execute(http, timeout: TimeAmount(self.options.requestTimeout))
                let body = try await response.body.collect(upTo: self.options.maxResponseBytes)
                return .whole(KubeResponse(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body)))
            }
        }
        guard case .whole(let response) = answer else { throw KubeError(.invalidResponse, "cannot \(request.action): no answer") }
        return response
    }

    /// Sends `request` and returns as soon as a 2xx answer's head arrives, its body to be read
    /// by the caller for as long as it streams (a watch); any other answer is an error.
    func open(_ request: KubeRequest) async throws -> HTTPClientResponse {
        let answer = try await retrying(request) { http, client in
            let response = try await client.execute(http, timeout: TimeAmount(self.options.requestTimeout))
            guard response.status.code / 100 == 2 else {
                let body = try await response.body.collect(upTo: 1 << 20)
                return .whole(KubeResponse(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body)))
            }
            return .streamed(response)
        }
        switch answer {
        case .streamed(let response): return response
        case .whole(let response): throw KubeError.status(response.status, body: response.body, doing: request.action)
        }
    }

    /// A whole answer, or the head of a streamed one.
    private enum Answer: Sendable {
        case whole(KubeResponse)
        case streamed(HTTPClientResponse)

        var status: Int {
            switch self {
            case .whole(let response): response.status
            case .streamed(let response): Int(response.status.code)
            }
        }

        var retryAfter: String? {
            switch self {
            case .whole(let response): response.headers.first(name: "Retry-After")
            case .streamed(let response): response.headers.first(name: "Retry-After")
            }
        }
    }

    private func retrying(_ request: KubeRequest,
                          _ attempt: @escaping @Sendable (HTTPClientRequest, HTTPClient) async throws -> Answer) async throws -> Answer {
        var number = 1
        var renewedCredentials = false
        while true {
            let wait: Duration
            do {
                let answer = try await limiter.run {
                    let client = try await self.clients.client(for: try await self.credentials.identity())
                    return try await attempt(try await self.prepare(request), client)
                }
                if answer.status == 401, !renewedCredentials, await credentials.canRefresh {
                    renewedCredentials = true
                    await credentials.refused()
                    continue
                }
                guard !(200..<300).contains(answer.status),
                      options.retry.retries(after: .status(answer.status), attempt: number, idempotent: request.idempotent) else {
                    return answer
                }
                wait = options.retry.delay(after: number, retryAfter: RetryPolicy.retryAfter(answer.retryAfter))
            } catch {
                let failure = classify(error, request)
                // Nothing listening is not a dropped connection: kubectl gives up at once, and a
                // server that is restarting is given a moment, not minutes of backoff.
                let outcome: RetryPolicy.Outcome = Self.isUnreachable(error) ? .unreachable : .connectionLost
                guard (failure as? KubeError)?.code == .connection,
                      options.retry.retries(after: outcome, attempt: number, idempotent: request.idempotent) else {
                    throw failure
                }
                wait = options.retry.delay(after: number, retryAfter: nil)
            }
            try await Task.sleep(for: wait)
            number += 1
        }
    }

    private func prepare(_ request: KubeRequest) async throws -> HTTPClientRequest {
        let host = connection.server.scheme == "https" ? connection.tlsServerName : nil
        var http = HTTPClientRequest(url: connection.server.origin(host: host) + connection.server.pathPrefix + request.path)
        http.method = request.method
        http.headers.add(name: "Accept", value: request.accept)
        http.headers.add(name: "User-Agent", value: options.userAgent)
        if let authorization = try await credentials.authorization() { http.headers.add(name: "Authorization", value: authorization) }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: request.contentType ?? "application/json")
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        return http
    }

    private func timeout(_ request: KubeRequest) -> KubeError {
        KubeError(.timeout, "cannot \(request.action): no answer from '\(connection.server)' within \(options.requestTimeout)")
    }

    /// What went wrong before an answer, in the client's words; cancellation passes through.
    private func classify(_ error: any Error, _ request: KubeRequest) -> any Error {
        if error is CancellationError || error is KubeError || error is KubeconfigError { return error }
        let server = "'\(connection.server)'"
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            let name = connection.tlsServerName ?? connection.server.host
            return KubeError(.tls, "cannot connect to \(server): its certificate is not valid for '\(name)'")
        }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            let context = "'\(connection.context)'"
            if "\(error)".contains("CERTIFICATE_VERIFY_FAILED") {
                return KubeError(.tls, "cannot connect to \(server): its certificate is not signed by the certificate authority of context \(context); "
                    + "check the cluster's certificate-authority-data (or certificate-authority) in the kubeconfig")
            }
            if "\(error)".contains("ALERT") || "\(error)".contains("CERTIFICATE_REQUIRED") {
                return KubeError(.tls, "cannot connect to \(server): it refused the TLS handshake (a client certificate it does not accept?); "
                    + "check the user of context \(context) in the kubeconfig")
            }
            return KubeError(.tls, "cannot connect to \(server): TLS handshake failed: \(error)")
        }
        if Self.isUnreachable(error) {
            return KubeError(.connection, "cannot \(request.action): nothing answers at \(server) (\(Self.reason(error))); "
                + "is the cluster running, and is context '\(connection.context)' the one you meant?")
        }
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
            return timeout(request)
        }
        return KubeError(.connection, "cannot \(request.action): the connection to \(server) failed: \(error)")
    }

    /// Whether `error` says no connection could be made at all: refused, no route, no such host.
    static func isUnreachable(_ error: any Error) -> Bool {
        if let error = error as? IOError { return [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(error.errnoCode) }
        if let error = error as? NIOConnectionError {
            return error.dnsAError != nil || error.dnsAAAAError != nil || !error.connectionErrors.isEmpty
                && error.connectionErrors.allSatisfy { isUnreachable($0.error) }
        }
        return false
    }

    /// A few words for an unreachable server.
    static func reason(_ error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case EHOSTUNREACH: return "no route to host"
            case ENETUNREACH: return "network unreachable"
            default: break
            }
        }
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return reason(first.error) }
            return "the host name does not resolve"
        }
        return "\(error)"
    }
}
