import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Runs independent pieces of work on every core and returns their results in order.
package enum ConcurrentMap {
    /// The number of cores available.
    package static let processorCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// `body` applied to each of `count` indices, `workers` at a time, results in index order.
    /// Worker `w` handles the indices `w, w + workers, ...`.
    package static func map<Result>(count: Int, workers: Int = processorCount,
                                    _ body: @Sendable (Int) -> Result) -> [Result] {
        map(count: count, workers: workers) { _, index in body(index) }
    }

    /// `body(worker, index)` for each of `count` indices; `worker` (below `workers`)
    /// tells which thread runs it, so a worker can use state of its own.
    package static func map<Result>(count: Int, workers: Int = processorCount,
                                    _ body: @Sendable (_ worker: Int, _ index: Int) -> Result) -> [Result] {
        let workers = max(1, min(workers, count))
        if workers == 1 { return (0..<count).map { body(0, $0) } }
        let slots = Slots<Result>(count: count)
        defer { slots.deallocate() }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < count {
                slots.store(body(worker, index), at: index)
                index += workers
            }
        }
        return slots.results()
    }

    /// Result slots written by several workers.
    ///
    /// `@unchecked Sendable` is sound: each index is written by exactly one
    /// worker, through a raw buffer (no shared array storage, no exclusivity
    /// checks), and read only after `concurrentPerform` returns, which waits
    /// for every worker.
    final class Slots<Result>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Result?>

        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }

        func store(_ result: Result, at index: Int) {
            buffer[index] = result
        }

        func results() -> [Result] {
            buffer.compactMap { $0 }
        }

        func deallocate() {
            _ = buffer.deinitialize()
            buffer.deallocate()
        }
    }
}
