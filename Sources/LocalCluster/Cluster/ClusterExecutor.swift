import Executors

/// The executor every task of this process's local clusters runs on: requests, watches,
/// store flushes and controllers (`DedicatedExecutor`). With two processors, two blocked
/// pool threads elsewhere in the process once left a cluster silent until its clients gave
/// up, even though those blocked callers were waiting for its answers.
enum ClusterExecutor {
    static let shared = DedicatedExecutor(name: "local-cluster", threads: DedicatedExecutor.processorCount)
}
