/// When a failed request is sent again, and after how long: client-go's rules with the
/// backoff made explicit. 429 is always retried (the server did not act on the request);
/// 5xx and a connection lost before an answer only for idempotent requests (reads, deletes,
/// server-side apply), since a create may have happened. The wait doubles from
/// `initialDelay` up to `maxDelay`, with "equal jitter" (between half and all of it) so
/// many clients do not retry in step; a `Retry-After` the server sends is honoured instead,
/// up to `maxRetryAfter`.
package struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first one included (client-go retries up to 10 times).
    package var maxAttempts = 10
    /// The first wait.
    package var initialDelay: Duration = .milliseconds(100)
    /// The longest wait the backoff reaches.
    package var maxDelay: Duration = .seconds(10)
    /// The longest `Retry-After` honoured.
    package var maxRetryAfter: Duration = .seconds(60)

    /// Retries with client-go's limits.
    package init() {}

    /// No retries.
    package static let never: RetryPolicy = {
        var policy = RetryPolicy()
        policy.maxAttempts = 1
        return policy
    }()

    /// What ended an attempt.
    enum Outcome {
        /// The server answered with this status.
        case status(Int)
        /// The connection failed or was lost before an answer.
        case connectionLost
        /// Nothing answered at the address (refused, no route, no such host).
        case unreachable
    }

    /// Attempts in all for a server that nothing answers at: a moment for one restarting.
    package var maxUnreachableAttempts = 3

    /// Whether `attempt` (1 for the first) is followed by another.
    func retries(after outcome: Outcome, attempt: Int, idempotent: Bool) -> Bool {
        guard attempt < maxAttempts else { return false }
        switch outcome {
        case .status(429): return true
        case .status(let code): return idempotent && (500...599).contains(code)
        case .connectionLost: return idempotent
        case .unreachable: return attempt < maxUnreachableAttempts
        }
    }

    /// The wait before attempt `attempt + 1`: the server's `Retry-After` (capped), else the
    /// jittered backoff. `random` gives a number in `0.5...1`.
    func delay(after attempt: Int, retryAfter: Duration?, random: (ClosedRange<Double>) -> Double = { .random(in: $0) }) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxRetryAfter) }
        var backoff = initialDelay
        for _ in 1..<max(attempt, 1) where backoff < maxDelay { backoff *= 2 }
        return min(backoff, maxDelay) * random(0.5...1)
    }

    /// `Retry-After` as the apiserver sends it: whole seconds. An HTTP date or anything else is ignored.
    static func retryAfter(_ header: String?) -> Duration? {
        guard let header, let seconds = Int(header.filter { $0 != " " }), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}
