import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `git-ops cluster serve --insecure-http` as a child process, for tests that kill or restart the server.
final class ServerProcess: @unchecked Sendable {
    // Only the test that owns it uses an instance; `url` is set before `start` returns.
    let process = Process()
    private(set) var url = ""
    /// Where the server's standard error goes.
    private let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).err").path

    /// What the server wrote to standard error so far.
    var standardError: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// A server that exited instead of serving: its exit status and standard error.
    struct Refused: Error {
        var status: Int32
        var standardError: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary under test: `$GIT_OPS_BINARY`, or the debug build of this package.
    static var binary: String {
        ProcessInfo.processInfo.environment["GIT_OPS_BINARY"] ?? packageRoot.appendingPathComponent(".build/debug/git-ops").path
    }

    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// Starts the server and waits for the line that gives its address; throws `Refused` when
    /// the server exits instead.
    static func start(arguments: [String], environment: [String: String] = [:]) async throws -> ServerProcess {
        let server = ServerProcess()
        server.process.executableURL = URL(fileURLWithPath: binary)
        // Plain HTTP: the tests speak it with URLSession and raw sockets.
        server.process.arguments = ["cluster", "serve", "--insecure-http"] + arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        server.process.environment = env
        let out = Pipe()
        server.process.standardOutput = out
        _ = FileManager.default.createFile(atPath: server.errorPath, contents: nil)
        server.process.standardError = FileHandle(forWritingAtPath: server.errorPath)
        try server.process.run()
        let line: String = await withCheckedContinuation { continuation in
            let thread = Thread {
                var buffer = Data()
                while true {
                    let chunk = out.fileHandleForReading.availableData
                    if chunk.isEmpty {
                        // The server exited without a line: it refused to start.
                        continuation.resume(returning: String(decoding: buffer, as: UTF8.self))
                        return
                    }
                    buffer.append(chunk)
                    if let newline = buffer.firstIndex(of: 0x0A) {
                        continuation.resume(returning: String(decoding: buffer[..<newline], as: UTF8.self))
                        return
                    }
                }
            }
            thread.start()
        }
        guard let range = line.range(of: "http://") else {
            server.process.waitUntilExit()
            throw Refused(status: server.process.terminationStatus, standardError: server.standardError)
        }
        server.url = String(line[range.lowerBound...])
        return server
    }

    /// SIGKILL: no chance to flush or close anything.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits for a clean exit.
    func terminate() -> Int32 {
        Glibc.kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }
}
