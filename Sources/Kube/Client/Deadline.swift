import Dispatch
import Synchronization

/// Runs `operation`, cancelled and reported as `onTimeout()` if it is not done within `timeout`.
///
/// The deadline is a dispatch timer, cancelled as soon as the operation is
/// done. A racing `Task.sleep` would return when cancelled but keep its timer
/// scheduled until the deadline: one per request, so a busy client (an agent
/// syncing fifty environments) held thousands of them at any time.
///
/// The timeout is reported when the timer fires, not when the cancelled operation
/// ends: the HTTP client acts on a cancellation in a task of its own, which a process
/// whose cooperative threads are all busy runs late, and meanwhile a slow answer
/// would arrive and count as in time.
func withDeadline<Result: Sendable>(_ timeout: Duration, onTimeout: @escaping @Sendable () -> any Error,
                                    _ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
    let outcome = DeadlineOutcome<Result>()
    let task = Task {
        do {
            outcome.settle(.success(try await operation()))
        } catch {
            outcome.settle(.failure(error))
        }
    }
    let timer = DispatchSource.makeTimerSource(queue: deadlineTimers)
    let (seconds, attoseconds) = timeout.components
    let nanoseconds = max(0, seconds) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
    timer.schedule(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds)))
    timer.setEventHandler {
        outcome.settle(.failure(onTimeout()))
        task.cancel()
    }
    timer.resume()
    defer { timer.cancel() }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { outcome.deliver(to: $0) }
    } onCancel: {
        task.cancel()
    }
}

private let deadlineTimers = DispatchQueue(label: "git-ops.kube.deadlines")

/// The first of the operation's result and the timeout, handed to the waiting task once.
private final class DeadlineOutcome<Value: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Value, any Error>)
        case settled(Result<Value, any Error>)
        case delivered
    }

    private let state = Mutex(State.pending)

    /// Records `result` unless one was already; the later of the two is dropped.
    func settle(_ result: Result<Value, any Error>) {
        let waiter: CheckedContinuation<Value, any Error>? = state.withLock { state in
            switch state {
            case .pending:
                state = .settled(result)
                return nil
            case .waiting(let continuation):
                state = .delivered
                return continuation
            case .settled, .delivered:
                return nil
            }
        }
        waiter?.resume(with: result)
    }

    /// Resumes `continuation` with the outcome, now or when it is settled.
    func deliver(to continuation: CheckedContinuation<Value, any Error>) {
        let ready: Result<Value, any Error>? = state.withLock { state in
            switch state {
            case .settled(let result):
                state = .delivered
                return result
            case .pending:
                state = .waiting(continuation)
                return nil
            case .waiting, .delivered:
                preconditionFailure("a deadline's outcome is waited for once")
            }
        }
        if let ready { continuation.resume(with: ready) }
    }
}
