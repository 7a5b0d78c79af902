import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A run of this binary that outlives the command starting it: the local
/// cluster's server (`git ops cluster up`), a post-receive hook's `autoSync`.
enum DetachedProcess {
    /// Starts this binary with `arguments` in a new session, output to `log`, and returns its pid.
    static func start(arguments: [String], log: String) throws -> pid_t {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new session: closing the terminal (or the hook's pipe) that started it does not stop it.
        posix_spawnattr_setflags(&attributes, Int16(0x80))  // POSIX_SPAWN_SETSID (a GNU extension Swift does not import)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else { throw CLIError(.fatal, "cannot start '\(executable)': \(String(cString: strerror(status)))") }
        return pid
    }
}
