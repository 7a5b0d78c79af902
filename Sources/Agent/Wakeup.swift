/// Wakes a sleeping environment worker early: a webhook arrived. A wake-up
/// that comes while the worker is busy is kept for its next sleep.
actor Wakeup {
    private var waiting: CheckedContinuation<Bool, Never>?
    private var pending = false

    /// Sleeps `nanoseconds`, or less when woken; true when woken.
    func sleep(nanoseconds: Int64) async -> Bool {
        if pending {
            pending = false
            return true
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(max(0, nanoseconds)))
            await self?.resume(woken: false)
        }
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
