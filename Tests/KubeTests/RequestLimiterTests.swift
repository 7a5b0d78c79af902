@testable import Kube
import Testing

/// The bound on requests in flight.
@Suite("RequestLimiter")
struct RequestLimiterTests {
    /// Counts the bodies running, and the most that ever ran at once.
    actor Gauge {
        var running = 0
        var most = 0
        func enter() { running += 1; most = max(most, running) }
        func leave() { running -= 1 }
    }

    @Test("no more than the limit run at once, and every body runs")
    func bound() async throws {
        let limiter = RequestLimiter(limit: 3)
        let gauge = Gauge()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try await limiter.run {
                        await gauge.enter()
                        for _ in 0..<3 { await Task.yield() }
                        await gauge.leave()
                        return index
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<40))
        #expect(await gauge.most <= 3)
        #expect(await gauge.running == 0)
    }

    @Test("a waiter whose task is cancelled leaves the queue with CancellationError")
    func cancellation() async throws {
        let limiter = RequestLimiter(limit: 1)
        let (gate, open) = AsyncStream<Void>.makeStream()
        let holder = Task { try await limiter.run { for await _ in gate { break } } }
        let waiter = Task { try await limiter.run { 1 } }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        open.yield()
        try await holder.value
        #expect(try await limiter.run { 2 } == 2)
    }
}
