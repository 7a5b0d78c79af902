import Dispatch
import Synchronization

/// Runs `operation`, cancelled and reported as `onTimeout()` if it is not done within `timeout`.
///
/// The deadline is a dispatch timer, cancelled as soon as the operation is
/// done. A racing `Task.sleep` would return when cancelled but keep its timer
/// scheduled until the deadline: one per request, so a busy client (an agent
/// syncing fifty environments) held thousands of them at any time.
func withDeadline<Result: Sendable>(_ timeout: Duration, onTimeout: @escaping @Sendable () -> any Error,
                                    _ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
    let task = Task { try await operation() }
    let expired = DeadlineFlag()
    let timer = DispatchSource.makeTimerSource(queue: DeadlineFlag.timers)
    let (seconds, attoseconds) = timeout.components
    let nanoseconds = max(0, seconds) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
    timer.schedule(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds)))
    timer.setEventHandler {
        expired.set()
        task.cancel()
    }
    timer.resume()
    defer { timer.cancel() }
    do {
        let result = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        return result
    } catch {
        if expired.isSet { throw onTimeout() }
        throw error
    }
}

/// Whether a deadline passed, set on the timers' queue and read by the waiting task.
private final class DeadlineFlag: Sendable {
    static let timers = DispatchQueue(label: "git-ops.kube.deadlines")
    private let flag = Mutex(false)

    var isSet: Bool { flag.withLock { $0 } }

    func set() { flag.withLock { $0 = true } }
}
