import Executors
import Foundation
import Testing

@Suite("a dedicated executor")
struct DedicatedExecutorTests {
    static func threadName() -> String { Thread.current.name ?? "" }

    @Test("runs the tasks that prefer it on its own threads, named after it")
    func ownThreads() async throws {
        let executor = DedicatedExecutor(name: "exec-names", threads: 2)
        let name = await Task(executorPreference: executor) { Self.threadName() }.value
        #expect(name.hasPrefix("exec-names-"), "\(name)")
    }
}
