import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A task executor with threads of its own, apart from Swift's cooperative pool.
///
/// The pool has a thread per processor, and whatever blocks one (a child process waited
/// for, a render, libgit2, a test's synchronous git) takes it from every other task of
/// the process. Tasks started with a dedicated executor as their preference run on its
/// threads instead, and so does the code of the default actors they call (an actor
/// without an executor of its own runs on its caller's preferred one); child tasks
/// inherit the preference, unstructured `Task {}` does not.
///
/// Jobs of background priority wait while others are queued, but not for ever: after
/// `urgentShare` other jobs in a row, a waiting background job runs, so a stream of
/// requests slows the local cluster's controllers down without stopping them. The
/// threads live as long as the process, so an executor is made once (a `static let`).
package final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    /// How many other jobs run in a row while a background job waits.
    package static let urgentShare = 8

    // `condition` guards both queues and the count.
    private let condition = NSCondition()
    private var urgent = JobQueue()
    private var background = JobQueue()
    private var urgentInARow = 0

    /// Starts `threads` threads named `<name>-<n>` (as `top -H` and debuggers show them;
    /// Linux keeps the first 15 bytes).
    package init(name: String, threads: Int) {
        for index in 0..<max(1, threads) {
            let threadName = "\(name)-\(index)"
            let thread = Thread { [self] in
                Self.nameCurrentThread(threadName)
                work()
            }
            thread.start()
        }
    }

    /// Names the calling thread where Linux keeps its name. Foundation on Linux does not
    /// apply a name given before `start()`, and one set through `Thread.current` by the
    /// new thread itself was sometimes missing on a loaded machine.
    private static func nameCurrentThread(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// A thread per processor, at least two.
    package static var processorCount: Int { max(2, ProcessInfo.processInfo.activeProcessorCount) }

    package func enqueue(_ job: consuming ExecutorJob) {
        let isBackground = job.priority.rawValue != 0 && job.priority.rawValue <= TaskPriority.background.rawValue
        let job = UnownedJob(job)
        condition.lock()
        if isBackground { background.append(job) } else { urgent.append(job) }
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while urgent.isEmpty && background.isEmpty { condition.wait() }
            let job: UnownedJob?
            if !background.isEmpty && (urgent.isEmpty || urgentInARow >= Self.urgentShare) {
                job = background.popFirst()
                urgentInARow = 0
            } else {
                job = urgent.popFirst()
                urgentInARow = background.isEmpty ? 0 : urgentInARow + 1
            }
            condition.unlock()
            job?.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// First in, first out, without moving the elements on every removal.
private struct JobQueue {
    private var jobs: [UnownedJob] = []
    private var head = 0

    var isEmpty: Bool { head == jobs.count }

    mutating func append(_ job: UnownedJob) { jobs.append(job) }

    mutating func popFirst() -> UnownedJob? {
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
