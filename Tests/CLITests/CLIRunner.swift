import Foundation
import TestSupport

/// Runs the built `git-ops` binary as a user would.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package's root directory.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary under test: `$GIT_OPS_BINARY`, or the debug build of this package.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["GIT_OPS_BINARY"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/git-ops")
    }

    /// Runs `executable` (default: the binary) with `arguments` in `directory`.
    static func run(_ arguments: [String], in directory: URL? = nil, executable: URL? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        try runBlocking(arguments, in: directory, executable: executable, environment: environment)
    }

    /// `run` for async tests: the wait happens on a thread of its own, since a test that
    /// blocks one of the few cooperative threads can starve the in-process cluster that the
    /// child process is talking to.
    static func run(_ arguments: [String], in directory: URL? = nil, executable: URL? = nil,
                    environment: [String: String] = [:]) async throws -> Result {
        try await offThread { try runBlocking(arguments, in: directory, executable: executable, environment: environment) }
    }

    /// Runs `body` on a new thread and waits for it without holding a cooperative thread.
    static func offThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    private static func runBlocking(_ arguments: [String], in directory: URL?, executable: URL?,
                                    environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes at once, before waiting, so a large output on either cannot block the child.
        let errors = PipeReader(err)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.finish()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a shell command line (for git and kubectl) and returns its output; throws on failure.
    @discardableResult
    static func shell(_ command: String, in directory: URL) throws -> String {
        try shellBlocking(command, in: directory)
    }

    /// `shell` for async tests (see `run`).
    @discardableResult
    static func shell(_ command: String, in directory: URL) async throws -> String {
        try await offThread { try shellBlocking(command, in: directory) }
    }

    private static func shellBlocking(_ command: String, in directory: URL) throws -> String {
        let result = try runBlocking(["-c", command], in: directory, executable: URL(fileURLWithPath: "/bin/sh"),
                             environment: ["GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
                                           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"])
        guard result.status == 0 else {
            throw ShellError(command: command, output: result.stdout + result.stderr)
        }
        return result.stdout
    }

    struct ShellError: Error, CustomStringConvertible {
        var command: String
        var output: String
        var description: String { "'\(command)' failed: \(output)" }
    }
}

/// A temporary directory, removed when the value is deinitialised.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("git-ops-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `files` (relative path → content) below the directory.
    func write(_ files: [String: String]) throws {
        for (path, content) in files {
            let file = url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
