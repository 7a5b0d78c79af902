import Foundation
import Testing

/// The helper every CLI test runs children with.
@Suite("running a child process in a test")
struct CLIRunnerTests {
    @Test("a child that writes a megabyte to standard error before its output ends is read whole")
    func largeStandardError() async throws {
        // Under timeout(1): a helper that reads one pipe to its end before the other would wait
        // for ever on this child; the child is killed after a minute instead, and the test fails.
        let script = "head -c 1048576 /dev/zero | tr '\\0' x >&2; echo done"
        let result = try await CLIRunner.run(["--signal=KILL", "60", "/bin/sh", "-c", script], executable: URL(fileURLWithPath: "/usr/bin/timeout"))
        #expect(result.status == 0 && result.stdout == "done\n", "exit \(result.status)")
        #expect(result.stderr.utf8.count == 1_048_576)
    }
}
