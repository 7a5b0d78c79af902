import Foundation

/// A temporary directory with repositories made by the git CLI, removed when the sandbox goes away.
///
/// Every git the sandbox runs gets a fixed identity and increasing commit
/// dates, so histories are ordered the same way on every run, and none of the
/// caller's `GIT_*` variables. Keep the sandbox alive while its repositories
/// are read (suites store it): bound to `_`, it deletes them at once.
package final class Sandbox {
    /// The real path of the temporary directory.
    package let root: String
    private var clock = 1_700_000_000

    package init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/git-tests-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw SandboxError("cannot make a temporary directory") }
        let path = String(cString: made)
        guard let real = realpath(path, nil) else { throw SandboxError("cannot resolve '\(path)'") }
        root = String(cString: real)
        free(real)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// `root/relative`.
    package func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

    /// Runs git with `arguments` in `directory` (relative to the root) and returns its output without the final newline.
    @discardableResult
    package func git(
        _ arguments: String..., in directory: String = "repo", environment: [String: String] = [:], input: String? = nil
    ) throws -> String {
        try run(arguments, in: directory, environment: environment, input: input)
    }

    /// Runs git with `arguments`; throws with its standard error when it fails.
    @discardableResult
    package func run(
        _ arguments: [String], in directory: String = "repo", environment: [String: String] = [:], input: String? = nil
    ) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path(directory))
        clock += 60
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        variables.merge([
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Ada Author", "GIT_AUTHOR_EMAIL": "ada@example.com",
            "GIT_COMMITTER_NAME": "Cy Committer", "GIT_COMMITTER_EMAIL": "cy@example.com",
            "GIT_AUTHOR_DATE": "@\(clock) +0000", "GIT_COMMITTER_DATE": "@\(clock) +0000",
        ]) { $1 }
        variables.merge(environment) { $1 }
        process.environment = variables
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let errorReader = PipeReader(errors)
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errorReader.finish()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SandboxError("git \(arguments.joined(separator: " ")): \(String(decoding: stderr, as: UTF8.self))")
        }
        var text = String(decoding: stdout, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Writes `text` to `relative`, making its directories.
    package func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Makes a directory (and its parents) at `relative`.
    package func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    }

    /// `git init` of a repository at `relative` (`repo` by default), on branch `main`.
    @discardableResult
    package func makeRepository(_ relative: String = "repo", bare: Bool = false) throws -> String {
        try makeDirectory(relative)
        try run(["init", "-q", "-b", "main"] + (bare ? ["--bare"] : []), in: relative)
        return path(relative)
    }

    /// Writes `files` into the work tree of `repository`, commits everything, and returns the commit id.
    @discardableResult
    package func commit(_ message: String, _ files: [String: String] = [:], in repository: String = "repo") throws -> String {
        for (file, text) in files { try write("\(repository)/\(file)", text) }
        try git("add", "-A", in: repository)
        try git("commit", "-q", "--allow-empty", "-m", message, in: repository)
        return try git("rev-parse", "HEAD", in: repository)
    }
}

/// A sandbox step that went wrong (not a behaviour under test).
package struct SandboxError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
