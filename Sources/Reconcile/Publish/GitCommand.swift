import Foundation

/// Runs the `git` command line on one repository, as git-lfs does for its
/// pushes: the user's credential helpers, SSH config, push URLs and hooks
/// apply. No shell: the arguments go to git as they are (ref names only,
/// never a secret). Standard input is closed, the environment is the caller's,
/// and standard error is kept for the error message.
package struct GitCommand: Sendable {
    /// What a run of git printed, and how it ended.
    package struct Output: Sendable {
        /// The exit status (or the signal, negated, that ended git).
        package var status: Int32
        package var stdout: String
        package var stderr: String

        /// What git said went wrong, for a user: its `fatal:` and `error:` lines
        /// (the first three, without the prefix), else the last lines of standard error but hints.
        package var complaint: String {
            let lines = stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("hint:") }
            let prefixes = ["fatal: ", "error: "]
            let errors = lines.compactMap { line in
                prefixes.first { line.hasPrefix($0) }.map { String(line.dropFirst($0.count)) }
            }
            let shown = (errors.isEmpty ? Array(lines.suffix(3)) : Array(errors.prefix(3))).joined(separator: "; ")
            return shown.isEmpty ? "git exited with status \(status)" : shown
        }
    }

    /// The git directory git is pointed at (`--git-dir`), whatever `GIT_DIR` says.
    package var gitDirectory: String
    /// Where git runs: the work tree's root, or the git directory of a bare repository.
    package var workingDirectory: String
    /// The environment git runs with; the process's by default.
    package var environment: [String: String]
    /// The `git` to run: found on `PATH` by default.
    package var executable: String

    package init(gitDirectory: String, workingDirectory: String,
                 environment: [String: String] = ProcessInfo.processInfo.environment, executable: String = "git") {
        self.gitDirectory = gitDirectory
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.executable = executable
    }

    /// Runs `git --git-dir=<dir> <arguments>` off the caller's thread and returns what it printed.
    /// Throws only when git cannot be started.
    package func run(_ arguments: [String]) async throws -> Output {
        let command = self
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try command.runBlocking(arguments) })
            }
        }
    }

    private func runBlocking(_ arguments: [String]) throws -> Output {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["--git-dir=\(gitDirectory)"] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable, "--git-dir=\(gitDirectory)"] + arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw ReconcileError(.publish, "cannot run '\(executable)': \(error.localizedDescription); is git installed and on PATH?")
        }
        // Standard error is read beside standard output, so a full pipe never blocks git.
        let stderr = PipeReader(errors.fileHandleForReading)
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderrData = stderr.wait()
        process.waitUntilExit()
        let status = process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
        return Output(status: status, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class PipeReader: @unchecked Sendable {
    // @unchecked Sendable: `data` is written once by the reading thread, then read after `done` is signalled.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
