import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a long report goes: through a pager on a terminal, as `git log` does
/// (`GIT_PAGER`, then `core.pager`, `PAGER`, then `less` with `LESS=FRX`), or
/// straight to standard output in a pipe.
final class Pager {
    private var process: Process?
    private var input: FileHandle?
    /// Whether the reader has gone (the pager quit): the caller stops writing.
    private(set) var isClosed = false

    /// A pager when standard output is a terminal and `enabled`; plain output otherwise.
    init(enabled: Bool, configured: String?) {
        guard enabled, isatty(1) == 1 else { return }
        let environment = ProcessInfo.processInfo.environment
        let command = environment["GIT_PAGER"] ?? configured ?? environment["PAGER"] ?? "less"
        guard !command.isEmpty, command != "cat" else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var variables = environment
        if variables["LESS"] == nil { variables["LESS"] = "FRX" }
        process.environment = variables
        let pipe = Pipe()
        process.standardInput = pipe
        guard (try? process.run()) != nil else { return }
        // A pager that quits early closes the pipe; writes then fail instead of killing us.
        signal(SIGPIPE, SIG_IGN)
        self.process = process
        input = pipe.fileHandleForWriting
    }

    /// Writes `text`; after the pager quit, does nothing and marks the pager closed.
    func write(_ text: String) {
        guard !isClosed else { return }
        guard let input else {
            FileHandleOutput.standardOutput.write(text)
            return
        }
        do {
            try input.write(contentsOf: Data(text.utf8))
        } catch {
            isClosed = true
        }
    }

    /// Ends the output and waits for the pager to quit.
    func finish() {
        try? input?.close()
        process?.waitUntilExit()
    }
}
