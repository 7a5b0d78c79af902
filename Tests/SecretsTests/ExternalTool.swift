import Foundation

/// A reference tool on PATH (the real `sops`, `age`), run in a private
/// temporary directory; tests that need one are skipped, saying so, when it is missing.
struct ExternalTool {
    let path: String

    /// The tool called `name` on PATH, if any.
    static func find(_ name: String) -> ExternalTool? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return ExternalTool(path: candidate) }
        }
        return nil
    }

    static let sops = find("sops")
    static let age = find("age")

    /// Runs the tool; returns its standard output, or throws with its standard error.
    func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolError(message: "\(path) \(arguments.joined(separator: " ")): \(String(decoding: stderr, as: UTF8.self))")
        }
        return Array(stdout)
    }

    struct ToolError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// A private temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/secrets-tests-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        url = URL(fileURLWithPath: String(cString: made))
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }
}
