import Executors
import Foundation
import Synchronization
import Testing

@Suite("a dedicated executor")
struct DedicatedExecutorTests {
    /// Counts what a task did, read from another.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
        func add() { value.add(1, ordering: .relaxed) }
        var count: Int { value.load(ordering: .relaxed) }
    }

    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .relaxed) }
        var isSet: Bool { value.load(ordering: .relaxed) }
    }

    final class Notes: Sendable {
        let values = Mutex<[Int]>([])
        func append(_ value: Int) { values.withLock { $0.append(value) } }
        var all: [Int] { values.withLock { $0 } }
    }

    /// The calling thread's name, as Linux keeps it (and `top -H` shows it).
    static func threadName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
    }

    /// The names of every thread of this process.
    static func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .newlines) }
    }

    @Test("runs the tasks that prefer it on its own threads, named after it")
    func ownThreads() async throws {
        let executor = DedicatedExecutor(name: "exec-names", threads: 2)
        let name = await Task(executorPreference: executor) { Self.threadName() }.value
        #expect(name.hasPrefix("exec-names-"), "ran on '\(name)'; the process's threads: \(Self.threadNames().sorted())")
    }

    @Test("a background task still runs while other tasks keep its only thread busy")
    func backgroundIsNotStarved() async throws {
        let executor = DedicatedExecutor(name: "exec-share", threads: 1)
        let background = Counter()
        let stop = Flag()
        let backgroundTask = Task(executorPreference: executor, priority: .background) {
            while !stop.isSet {
                background.add()
                await Task.yield()
            }
        }
        // Two busy tasks: one of them is always queued when the thread picks its next job.
        // Each ends after a fixed number of turns, and notes how far the background task got.
        let seen = Notes()
        let busy = (0..<2).map { _ in
            Task(executorPreference: executor, priority: .high) {
                for _ in 0..<20_000 { await Task.yield() }
                seen.append(background.count)
            }
        }
        for task in busy { await task.value }
        stop.set()
        await backgroundTask.value
        let counts = seen.all
        // 40,000 busy turns: with one background turn per `urgentShare` of them, thousands.
        #expect(counts.min() ?? 0 >= 40_000 / (DedicatedExecutor.urgentShare + 1) / 2, "\(counts)")
    }
}
