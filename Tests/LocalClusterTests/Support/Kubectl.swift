import Foundation
import TestSupport

/// The real kubectl, run against a cluster with its own kubeconfig and discovery cache.
struct Kubectl {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
        var description: String { "exit \(status)\n\(stdout)\(stderr)" }
    }

    static let path = "/usr/bin/kubectl"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    let kubeconfig: URL
    let cacheDirectory: URL
    let workDirectory: URL

    /// A kubeconfig for `server` and a fresh KUBECACHEDIR in a new temporary directory; `cluster`
    /// and `user` are the flow mappings of the kubeconfig's entries besides the server.
    init(server: String, cluster: String = "", user: String = "{}") throws {
        workDirectory = try TestCluster.temporaryDirectory("kubectl")
        kubeconfig = workDirectory.appendingPathComponent("kubeconfig")
        cacheDirectory = workDirectory.appendingPathComponent("cache")
        let config = """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster: {server: "\(server)"\(cluster.isEmpty ? "" : ", " + cluster)}
              name: local
            contexts:
            - context: {cluster: local, user: local}
              name: local
            current-context: local
            users:
            - name: local
              user: \(user)

            """
        try config.write(to: kubeconfig, atomically: true, encoding: .utf8)
    }

    /// Runs kubectl with `arguments`; kills it after 90 seconds.
    ///
    /// With SIGKILL: a child of this process starts with the signals of the thread that
    /// started it blocked (Dispatch's threads block SIGTERM, SIGINT, SIGHUP and more, and
    /// Foundation's Process passes the mask on), so timeout(1)'s default SIGTERM would wait
    /// for ever on a child that does not unblock it.
    ///
    /// The child is waited for on a thread of its own: blocking the cooperative pool
    /// would starve the in-process server kubectl is talking to.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> Result {
        let process = process("/usr/bin/timeout", ["--signal=KILL", "90", Self.path] + arguments, environment: extra)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        return try await Self.wait(for: process, out: out, err: err)
    }

    /// kubectl started in the background, its standard output going to a file that can be
    /// read while it runs (a watch's rows); give it a `--request-timeout` to bound it.
    final class Background: @unchecked Sendable {
        let process: Process
        let outputFile: URL
        let err = Pipe()

        fileprivate init(process: Process, outputFile: URL) {
            self.process = process
            self.outputFile = outputFile
        }

        /// What kubectl has written to its standard output so far.
        var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

        /// Ends kubectl (if it still runs) and gives what it wrote.
        func stop() async throws -> Result {
            if process.isRunning { process.terminate() }
            return try await withCheckedThrowingContinuation { continuation in
                let thread = Thread { [self] in
                    let errData = err.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: Result(status: process.terminationStatus, stdout: output,
                                                          stderr: String(decoding: errData, as: UTF8.self)))
                }
                thread.start()
            }
        }
    }

    /// Starts kubectl with `arguments` in the background (see `Background`).
    func start(_ arguments: [String]) throws -> Background {
        // Not under timeout(1): `stop()` signals kubectl itself (see `run` on signals).
        let process = process(Self.path, arguments)
        let outputFile = workDirectory.appendingPathComponent("background-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        let background = Background(process: process, outputFile: outputFile)
        process.standardError = background.err
        try process.run()
        return background
    }

    /// `executable` with `arguments`, in the work directory, with this kubectl's
    /// configuration, cache and home in its environment (and `extra`).
    private func process(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = workDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = kubeconfig.path
        environment["KUBECACHEDIR"] = cacheDirectory.path
        environment["HOME"] = workDirectory.path
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        return process
    }

    /// Runs the child on threads of its own: Dispatch adds threads slowly when many block,
    /// and the cooperative pool must stay free for the server.
    static func wait(for process: Process, out: Pipe, err: Pipe) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let errors = PipeReader(err)
                let outData = out.fileHandleForReading.readDataToEndOfFile()
                let errData = errors.finish()
                process.waitUntilExit()
                continuation.resume(returning: Result(status: process.terminationStatus,
                                                      stdout: String(decoding: outData, as: UTF8.self),
                                                      stderr: String(decoding: errData, as: UTF8.self)))
            }
            thread.start()
        }
    }

    /// A fixture's path.
    static func fixture(_ name: String) -> String {
        TestCluster.fixtures.appendingPathComponent(name).path
    }
}
