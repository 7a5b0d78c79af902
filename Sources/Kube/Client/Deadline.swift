/// Runs `operation`, cancelled and reported as `onTimeout()` if it is not done within `timeout`.
func withDeadline<Result: Sendable>(_ timeout: Duration, onTimeout: @escaping @Sendable () -> any Error,
                                    _ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw onTimeout()
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else { throw onTimeout() }
        return result
    }
}
