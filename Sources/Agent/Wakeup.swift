import Dispatch

/// Wakes a sleeping environment worker early: a webhook arrived. A wake-up
/// that comes while the worker is busy is kept for its next sleep.
///
/// The sleep is a dispatch timer that is cancelled when the worker wakes
/// early. A cancelled `Task.sleep` returns at once but leaves its timer
/// scheduled until the deadline: with an interval of an hour, every webhook
/// left one per environment behind, and the agent's memory grew with each.
actor Wakeup {
    private var waiting: CheckedContinuation<Bool, Never>?
    private var pending = false
    private static let timers = DispatchQueue(label: "git-ops.agent.wakeup")

    /// Sleeps `nanoseconds`, or less when woken; true when woken.
    func sleep(nanoseconds: Int64) async -> Bool {
        if pending {
            pending = false
            return true
        }
        let timer = DispatchSource.makeTimerSource(queue: Self.timers)
        timer.schedule(deadline: .now() + .nanoseconds(Int(clamping: max(0, nanoseconds))),
                       leeway: .nanoseconds(Int(clamping: max(1_000_000, nanoseconds / 100))))
        timer.setEventHandler { [weak self] in
            Task { await self?.resume(woken: false) }
        }
        timer.resume()
        let woken = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiting = continuation
            }
        } onCancel: {
            Task { await self.resume(woken: false) }
        }
        timer.cancel()
        return woken
    }

    /// Wakes the worker now, or at its next sleep.
    func wake() {
        if waiting != nil { resume(woken: true) } else { pending = true }
    }

    private func resume(woken: Bool) {
        guard let continuation = waiting else { return }
        waiting = nil
        continuation.resume(returning: woken)
    }
}

/// At most `limit` environments sync at once.
actor Gate {
    let limit: Int
    private var running = 0
    private var queue: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func enter() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { queue.append($0) }
    }

    func leave() {
        if queue.isEmpty { running -= 1 } else { queue.removeFirst().resume() }
    }
}
