import Testing
@testable import Agent

/// Runs that stay under way until released, numbered as they start.
private actor Runs {
    private(set) var started = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var startWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func run() async -> Int {
        started += 1
        let number = started
        for waiter in startWaiters where waiter.count <= started { waiter.continuation.resume() }
        startWaiters.removeAll { $0.count <= started }
        await withCheckedContinuation { waiting.append($0) }
        return number
    }

    func releaseAll() {
        for continuation in waiting { continuation.resume() }
        waiting.removeAll()
    }

    func untilStarted(_ count: Int) async {
        if started >= count { return }
        await withCheckedContinuation { startWaiters.append((count, $0)) }
    }
}

/// Which run served each caller.
private actor Served {
    var runs: [String: Int] = [:]
    func set(_ caller: String, _ run: Int) { runs[caller] = run }
}

@Suite("SharedRun")
struct SharedRunTests {
    @Test("callers that ask while a run is under way share the next run, never the one under way")
    func laterCallersWaitForALaterRun() async throws {
        let shared = SharedRun()
        let runs = Runs()
        let served = Served()
        func call(_ name: String) -> Task<Void, any Error> {
            Task {
                try await shared.perform {
                    let number = await runs.run()
                    await served.set(name, number)
                }
                // The run that served the caller is the last one started when it returns.
                if await served.runs[name] == nil { await served.set(name, await runs.started) }
            }
        }
        let first = call("first")
        await runs.untilStarted(1)
        let second = call("second")
        let third = call("third")
        // Give the two callers time to queue behind the run under way.
        for _ in 0..<50 { await Task.yield() }
        await runs.releaseAll()
        try await first.value
        // A second run starts now (bounded wait, so a wrong implementation fails rather than hangs).
        for _ in 0..<6000 where await runs.started < 2 { try await Task.sleep(nanoseconds: 10_000_000) }
        await runs.releaseAll()
        try await second.value
        try await third.value
        #expect(await runs.started == 2)
        #expect(await served.runs["first"] == 1)
        #expect(await served.runs["second"] == 2)
        #expect(await served.runs["third"] == 2)
    }

    @Test("a caller after a finished run starts a new one; a failed run fails the callers it serves")
    func finishedAndFailedRuns() async throws {
        struct Failure: Error {}
        let shared = SharedRun()
        let counter = Counter()
        try await shared.perform { await counter.add() }
        try await shared.perform { await counter.add() }
        #expect(await counter.value == 2)
        await #expect(throws: Failure.self) { try await shared.perform { throw Failure() } }
        try await shared.perform { await counter.add() }
        #expect(await counter.value == 3)
    }
}

private actor Counter {
    var value = 0
    func add() { value += 1 }
}
