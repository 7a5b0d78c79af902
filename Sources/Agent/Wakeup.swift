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

    /// Checks begun so far.
    private(set) var entries = 0

    func enter() async {
        entries += 1
        await acquire()
    }

    func leave() {
        if queue.isEmpty { running -= 1 } else { queue.removeFirst().resume() }
    }

    /// No check runs or waits.
    var isIdle: Bool { running == 0 && queue.isEmpty }

    /// Runs `body` while no environment syncs: waits for every place, in turn
    /// with the waiting workers, and holds them all until `body` is done.
    func exclusively(_ body: @Sendable () async -> Void) async {
        for _ in 0..<limit { await acquire() }
        await body()
        for _ in 0..<limit { leave() }
    }

    private func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { queue.append($0) }
    }
}
