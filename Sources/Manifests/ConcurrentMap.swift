import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs independent pieces of work on every core and returns their results in order.
package enum ConcurrentMap {
    /// The number of cores available.
    package static let processorCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// `body` applied to each of `count` indices, `workers` at a time, results in index order.
    package static func map<Result>(count: Int, workers: Int = processorCount,
                                    _ body: @Sendable (Int) -> Result) -> [Result] {
        map(count: count, workers: workers) { _, index in body(index) }
    }

    /// `body(worker, index)` for each of `count` indices; `worker` (below `workers`)
    /// tells which thread runs it, so a worker can use state of its own.
    ///
    /// Each worker takes the next index not yet taken, so that pieces of unequal
    /// cost (bases of different sizes) keep every worker busy to the end: handed
    /// out in fixed strides, one worker could be left with the last tenth of the
    /// work alone.
    package static func map<Result>(count: Int, workers: Int = processorCount,
                                    _ body: @Sendable (_ worker: Int, _ index: Int) -> Result) -> [Result] {
        let workers = max(1, min(workers, count))
        if workers == 1 { return (0..<count).map { body(0, $0) } }
        let slots = Slots<Result>(count: count)
        defer { slots.deallocate() }
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while case let index = next.take(), index < count {
                slots.store(body(worker, index), at: index)
            }
        }
        return slots.results()
    }

    /// The next index to hand out, shared by the workers of one `map`.
    final class NextIndex: Sendable {
        private let value = Atomic<Int>(0)

        func take() -> Int {
            value.wrappingAdd(1, ordering: .relaxed).oldValue
        }
    }

    /// Changes every element of `array` through `body`, spread over every core
    /// when there are at least `minimumPerWorker` elements for each; otherwise in
    /// turn. Each element is changed by exactly one thread, in place. The first
    /// error in index order is thrown (elements after it may have been changed).
    package static func modifyEach<Element: Sendable>(_ array: inout [Element], minimumPerWorker: Int = 256,
                                                     _ body: @Sendable (inout Element) throws -> Void) throws {
        let count = array.count
        let workers = min(processorCount, count / max(1, minimumPerWorker))
        guard workers > 1 else {
            for index in array.indices { try body(&array[index]) }
            return
        }
        // Several chunks per worker, so that one slow stretch does not hold the rest.
        let chunkCount = workers * 8
        let chunkSize = (count + chunkCount - 1) / chunkCount
        let failure: (any Error)? = array.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedElements(buffer)
            let failures = map(count: chunkCount, workers: workers) { chunk -> (any Error)? in
                let start = chunk * chunkSize
                let end = min(count, start + chunkSize)
                guard start < end else { return nil }
                for index in start..<end {
                    do { try body(&shared.buffer[index]) } catch { return error }
                }
                return nil
            }
            return failures.lazy.compactMap { $0 }.first
        }
        if let failure { throw failure }
    }

    /// An array's elements, changed by several workers.
    ///
    /// `@unchecked Sendable` is sound: `modifyEach` gives each index to exactly
    /// one worker, and the buffer outlives `concurrentPerform`, which waits for
    /// every worker.
    final class SharedElements<Element>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Element>

        init(_ buffer: UnsafeMutableBufferPointer<Element>) {
            self.buffer = buffer
        }
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

        /// Whether `results` moved the values out, leaving the buffer uninitialised.
        private var moved = false

        /// The results, moved out of the slots rather than copied (a copy of each
        /// and the release of the original were a stretch on one thread after every
        /// parallel phase of a large render).
        func results() -> [Result] {
            moved = true
            return [Result](unsafeUninitializedCapacity: buffer.count) { output, initialized in
                for index in buffer.indices {
                    guard let result = buffer.moveElement(from: index) else { continue }
                    output.initializeElement(at: initialized, to: result)
                    initialized += 1
                }
            }
        }

        func deallocate() {
            if !moved { _ = buffer.deinitialize() }
            buffer.deallocate()
        }
    }
}
