/// Runs an operation one at a time and lets callers share runs, with one
/// guarantee: a caller waits for a run that started after it asked, never
/// for one already under way. A fetch begun before a push cannot bring the
/// push, so a worker woken by the push's webhook must not settle for it.
/// Callers that ask while a run is under way share the next one.
actor SharedRun {
    /// Calls so far; a run started when `asked` was n serves the first n calls.
    private var asked = 0
    private var current: (serves: Int, task: Task<Void, any Error>)?

    /// Runs `operation`, or waits for a run that started after this call.
    func perform(_ operation: @escaping @Sendable () async throws -> Void) async throws {
        asked += 1
        let ticket = asked
        while true {
            if let run = current {
                if run.serves >= ticket { return try await run.task.value }
                // Under way since before this call: wait for it to end, then start or share the next.
                _ = await run.task.result
                if current?.task == run.task { current = nil }
                continue
            }
            // On the agent's work threads, as its callers are: a fetch waits for git.
            let task = Task(executorPreference: Agent.workExecutor) { try await operation() }
            current = (asked, task)
            let result = await task.result
            if current?.task == task { current = nil }
            return try result.get()
        }
    }
}
