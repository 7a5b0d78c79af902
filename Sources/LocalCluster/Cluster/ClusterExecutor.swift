import Foundation
import NIOCore

/// The threads every task of a local cluster runs on: its requests, watches, store flushes and
/// controllers, apart from Swift's cooperative pool.
///
/// The pool has a thread per processor, and anything in the same process that blocks one (a
/// child process waited for, a long render, a test's synchronous git) takes it from the cluster
/// too. With two processors, two such callers left a cluster silent until its clients gave up,
/// even though those callers' children were waiting for that cluster's answers. Tasks started
/// with this executor as their preference run here, and so does the code of the store's actor
/// they call (a default actor runs on its caller's preferred executor).
///
/// Jobs of background priority (the simulated controllers) wait while requests are queued, as
/// on the cooperative pool. The threads live as long as the process.
final class ClusterExecutor: TaskExecutor, @unchecked Sendable {
    /// The one executor of this process's clusters.
    static let shared = ClusterExecutor(threads: max(2, System.coreCount))

    // `condition` guards both queues.
    private let condition = NSCondition()
    private var urgent = JobQueue()
    private var background = JobQueue()

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = "local-cluster-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
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
            let job = urgent.popFirst() ?? background.popFirst()
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
