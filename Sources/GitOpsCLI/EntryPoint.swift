import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The multi-call entry point: dispatches on the name the binary was started
/// as (`git-ops-render`) or on its first argument (`git ops render`), and runs
/// `git-ops-<verb>` from PATH for verbs it does not know, as git does.
package enum EntryPoint {
    /// Runs the command line `arguments` (argv, program name first) and returns the exit status.
    package static func run(_ arguments: [String]) async -> Int32 {
        let program = arguments.first.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? "git-ops"
        var rest = Array(arguments.dropFirst())
        if program.hasPrefix("git-ops-") {
            rest.insert(String(program.dropFirst("git-ops-".count)), at: 0)
        }
        if rest == ["--list-verbs"] {
            // Plumbing for `make install`, which links git-ops-<verb> for every built-in verb.
            print(GitOps.verbNames.joined(separator: "\n"))
            return ExitStatus.success.rawValue
        }
        if let verb = rest.first, !verb.hasPrefix("-"), verb != "help", !GitOps.verbNames.contains(verb) {
            return runExternal(verb: verb, arguments: Array(rest.dropFirst()))
        }
        if rest.first == "help" {
            rest.removeFirst()
            if rest.isEmpty { rest = ["--help"] } else { rest.append("--help") }
        }
        do {
            var command = try GitOps.parseAsRoot(rest)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.success.rawValue
        } catch let error as CLIError {
            report(error.message)
            return error.status.rawValue
        } catch {
            let code = GitOps.exitCode(for: error)
            if code == .success {
                print(GitOps.fullMessage(for: error))
                return 0
            }
            if error is ExitCode {
                return code.rawValue
            }
            let message = GitOps.fullMessage(for: error)
            if code == .validationFailure {
                FileHandleOutput.standardError.write(message + "\n")
                return ExitStatus.usage.rawValue
            }
            report(message)
            return ExitStatus.fatal.rawValue
        }
    }

    /// Prints an error the way git does: `git-ops: <message>` on stderr.
    static func report(_ message: String) {
        FileHandleOutput.standardError.write("error: \(message)\n")
    }

    /// Runs `git-ops-<verb>` found on PATH, replacing this process.
    static func runExternal(verb: String, arguments: [String]) -> Int32 {
        let name = "git-ops-\(verb)"
        let argv = [name] + arguments
        var cArguments = argv.map { strdup($0) }
        cArguments.append(nil)
        execvp(name, &cArguments)
        // execvp returns only on failure.
        for pointer in cArguments { free(pointer) }
        FileHandleOutput.standardError.write("git-ops: '\(verb)' is not a git-ops command. See 'git ops --help'.\n")
        return ExitStatus.usage.rawValue
    }
}

/// Unbuffered writes to the standard streams.
enum FileHandleOutput {
    case standardOutput, standardError

    func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    func write(bytes: [UInt8]) {
        let descriptor: Int32 = self == .standardOutput ? 1 : 2
        var bytes = bytes
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(descriptor, base + offset, buffer.count - offset)
            }
            if written <= 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
