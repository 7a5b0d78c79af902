import Foundation
import Synchronization
import Testing
@testable import Kube
import TestSupport

/// A request's deadline: it must fire on time however busy the process is, or a slow
/// server's answer outruns it.
@Suite("request deadlines")
struct DeadlineTests {
    /// Set once, from whichever thread cancels.
    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    struct Expired: Error {}

    @Test("a deadline cancels its operation while every thread of Swift's cooperative pool is held")
    func firesWithBusyPool() async throws {
        let started = Flag()
        let cancelled = Flag()
        let waiting = Task {
            try await withDeadline(.milliseconds(300), onTimeout: { Expired() }) {
                try await withTaskCancellationHandler {
                    started.set()
                    try await Task.sleep(for: .seconds(3600))
                } onCancel: {
                    // On the thread that cancels: the deadline's.
                    cancelled.set()
                }
            }
        }
        while !started.isSet { try await Task.sleep(for: .milliseconds(10)) }
        let cancelledWhileHeld = BusyPool.whileHeld {
            for _ in 0..<300 where !cancelled.isSet { Thread.sleep(forTimeInterval: 0.1) }
            return cancelled.isSet
        }
        #expect(cancelledWhileHeld)
        await #expect(throws: Expired.self) { try await waiting.value }
    }

    @Test("the timeout is reported when the deadline passes, not when an operation slow to stop ends")
    func reportedAtDeadline() async throws {
        let finished = Flag()
        let release = DispatchSemaphore(value: 0)
        // Ignores its cancellation, as an HTTP client acting on it in a task of its own, late, does.
        var timedOut = false
        do {
            _ = try await withDeadline(.milliseconds(50), onTimeout: { Expired() }) {
                await withCheckedContinuation { continuation in
                    Thread {
                        _ = release.wait(timeout: .now() + 60)
                        finished.set()
                        continuation.resume()
                    }.start()
                }
                return "answered"
            }
        } catch is Expired {
            timedOut = true
        }
        #expect(timedOut)
        #expect(!finished.isSet)
        release.signal()
    }
}
