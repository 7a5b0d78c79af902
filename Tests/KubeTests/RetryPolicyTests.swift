@testable import Kube
import Testing

/// When the client retries, and how long it waits: values, not clocks.
@Suite("RetryPolicy")
struct RetryPolicyTests {
    @Test("429 is retried for any request; 5xx and lost connections only for idempotent ones", arguments: [
        (429, false, true), (429, true, true), (500, true, true), (503, true, true), (500, false, false),
        (404, true, false), (409, true, false), (422, true, false), (401, true, false),
    ])
    func retried(status: Int, idempotent: Bool, expected: Bool) {
        #expect(RetryPolicy().retries(after: .status(status), attempt: 1, idempotent: idempotent) == expected)
    }

    @Test("a lost connection is retried only for an idempotent request, and nothing after the last attempt")
    func attempts() {
        let policy = RetryPolicy()
        #expect(policy.retries(after: .connectionLost, attempt: 1, idempotent: true))
        #expect(!policy.retries(after: .connectionLost, attempt: 1, idempotent: false))
        #expect(policy.retries(after: .status(429), attempt: policy.maxAttempts - 1, idempotent: true))
        #expect(!policy.retries(after: .status(429), attempt: policy.maxAttempts, idempotent: true))
        #expect(!RetryPolicy.never.retries(after: .status(429), attempt: 1, idempotent: true))
    }

    @Test("a server nothing answers at is tried a few times, for any request, then given up on")
    func unreachable() {
        let policy = RetryPolicy()
        #expect(policy.retries(after: .unreachable, attempt: 1, idempotent: false))
        #expect(policy.retries(after: .unreachable, attempt: policy.maxUnreachableAttempts - 1, idempotent: true))
        #expect(!policy.retries(after: .unreachable, attempt: policy.maxUnreachableAttempts, idempotent: true))
        #expect(policy.maxUnreachableAttempts < policy.maxAttempts)
    }

    @Test("the backoff doubles up to its ceiling, jittered between half and all of it")
    func backoff() {
        let policy = RetryPolicy()
        #expect(policy.delay(after: 1, retryAfter: nil) { $0.upperBound } == .milliseconds(100))
        #expect(policy.delay(after: 2, retryAfter: nil) { $0.upperBound } == .milliseconds(200))
        #expect(policy.delay(after: 4, retryAfter: nil) { $0.upperBound } == .milliseconds(800))
        #expect(policy.delay(after: 9, retryAfter: nil) { $0.upperBound } == .seconds(10))
        #expect(policy.delay(after: 2, retryAfter: nil) { $0.lowerBound } == .milliseconds(100))
    }

    @Test("Retry-After in seconds is honoured up to the policy's ceiling; other forms fall back to the backoff")
    func retryAfter() {
        let policy = RetryPolicy()
        #expect(policy.delay(after: 1, retryAfter: RetryPolicy.retryAfter("3")) == .seconds(3))
        #expect(policy.delay(after: 1, retryAfter: RetryPolicy.retryAfter("3600")) == .seconds(60))
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(RetryPolicy.retryAfter("-1") == nil)
        #expect(RetryPolicy.retryAfter(nil) == nil)
    }
}
