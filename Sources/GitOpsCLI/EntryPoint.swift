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
        if let status = runImmediately(arguments) { return status }
        var rest = verbArguments(arguments)
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
            // Help for a verb that is not built in is that command's own help, as
            // `git help` finds external commands; one that is nowhere is an error.
            if let verb = rest.first, !verb.hasPrefix("-"), !GitOps.verbNames.contains(verb) {
                return runExternal(verb: verb, arguments: ["--help"])
            }
            if rest.isEmpty { rest = ["--help"] } else { rest.append("--help") }
        }
        if showManual(for: rest) { return ExitStatus.success.rawValue }
        do {
            var command = try GitOps.parseAsRoot(rest)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.success.rawValue
        } catch {
            return exitStatus(for: error)
        }
    }

    /// The exit status of command lines that need neither ArgumentParser nor
    /// Swift's concurrency runtime, run here; `nil` for every other line.
    ///
    /// `git ops log` and `git ops render` in their plain forms are read by
    /// `CommonArguments` and run on the main thread: a short command that
    /// awaited `run` would start the runtime's worker threads and spend a
    /// tenth of its time doing so. (A render's own parallel work runs on
    /// Dispatch, not on tasks.)
    package static func runImmediately(_ arguments: [String]) -> Int32? {
        let rest = verbArguments(arguments)
        let afterVerb = Array(rest.dropFirst())
        let body: () throws -> Void
        switch rest.first {
        case "log":
            guard let options = LogCommand.Options(commonArguments: afterVerb) else { return nil }
            body = { try LogCommand.show(options) }
        case "render":
            guard let options = RenderCommand.Options(commonArguments: afterVerb) else { return nil }
            body = { try RenderCommand.render(options) }
        default:
            return nil
        }
        do {
            try body()
            return ExitStatus.success.rawValue
        } catch {
            return exitStatus(for: error)
        }
    }

    /// The verb and its arguments: argv after the program name, with the verb
    /// the name gives (`git-ops-log`) put first.
    static func verbArguments(_ arguments: [String]) -> [String] {
        let program = arguments.first.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? "git-ops"
        var rest = Array(arguments.dropFirst())
        if program.hasPrefix("git-ops-") {
            rest.insert(String(program.dropFirst("git-ops-".count)), at: 0)
        }
        return rest
    }

    /// What a command threw, reported as git reports errors, and the exit status it means.
    static func exitStatus(for error: any Error) -> Int32 {
        if let error = error as? CLIError {
            report(error.message)
            return error.status.rawValue
        }
        let code = GitOps.exitCode(for: error)
        if code == .success {
            print(GitOps.fullMessage(for: error))
            return 0
        }
        if error is ExitCode {
            return code.rawValue
        }
        if code == .validationFailure {
            FileHandleOutput.standardError.write(GitOps.fullMessage(for: error) + "\n")
            return ExitStatus.usage.rawValue
        }
        // The brief message: the full one starts "Error: ", and report adds git's "error: ".
        report(GitOps.message(for: error))
        return ExitStatus.fatal.rawValue
    }

    /// `git ops [<verb>] --help` on a terminal shows the manual page, as `git
    /// <command> --help` does; in a pipe, or where the page or `man` is missing,
    /// the built-in help is printed instead. True when the page was shown.
    static func showManual(for arguments: [String]) -> Bool {
        guard arguments.contains("--help"), isatty(1) == 1 else { return false }
        let verb = arguments.first { !$0.hasPrefix("-") }
        let page = verb.map { GitOps.verbNames.contains($0) ? "git-ops-\($0)" : "git-ops" } ?? "git-ops"
        guard spawn(["man", "-w", page], quiet: true) == 0 else { return false }
        return spawn(["man", page], quiet: false) == 0
    }

    /// Runs `argv` from PATH and waits; its exit status, or -1 when it could not start.
    static func spawn(_ argv: [String], quiet: Bool) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var cArguments = argv.map { strdup($0) }
        cArguments.append(nil)
        defer { for pointer in cArguments { free(pointer) } }
        var pid = pid_t()
        guard posix_spawnp(&pid, argv[0], &actions, nil, &cArguments, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        // WIFEXITED / WEXITSTATUS
        return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    }

    /// Prints an error the way git does: `error: <message>` on stderr.
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
