import Foundation

/// Holds every thread of Swift's cooperative pool, as tests or a program's own work that block
/// (a child process waited for, a long computation) do, to show who still gets a thread.
package enum BusyPool {
    /// Each priority has threads of its own (on Linux, Dispatch's queue of that quality of service).
    package static let priorities: [TaskPriority] = [.background, .utility, .medium, .high]

    /// Runs `body` on the calling thread, itself one of the pool's, while tasks hold all the pool's
    /// other threads, of every priority; they are let go when `body` returns.
    package static func whileHeld<T>(_ body: () throws -> T) rethrows -> T {
        let width = ProcessInfo.processInfo.activeProcessorCount
        // Twice as many holders as threads leave none free even if a pool grows.
        let holders = width * 2
        let release = DispatchSemaphore(value: 0)
        defer { for _ in 0..<(holders * priorities.count) { release.signal() } }
        let current = Task.currentPriority
        for priority in priorities {
            let started = DispatchSemaphore(value: 0)
            for _ in 0..<holders {
                Task.detached(priority: priority) { hold(started: started, until: release) }
            }
            // Those that found a thread; the others wait in the pool's queue.
            let free = priority == current ? width - 1 : width
            for _ in 0..<free {
                guard started.wait(timeout: .now() + 10) == .success else { break }
            }
        }
        return try body()
    }

    private static func hold(started: DispatchSemaphore, until release: DispatchSemaphore) {
        started.signal()
        release.wait()
    }
}
