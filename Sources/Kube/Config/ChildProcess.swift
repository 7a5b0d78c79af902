#if canImport(Glibc)
import Glibc
#endif

/// A program run to its end with no terminal: standard input from /dev/null, its standard
/// output and error read whole (bounded), its exit status. It blocks the calling thread,
/// so callers run it on a pool for blocking work.
struct ChildProcess {
    var status: Int32
    var standardOutput: [UInt8]
    var standardError: [UInt8]

    /// What a plugin may print: 1 MiB of output, 64 KiB of errors; more is dropped.
    static let outputLimit = 1 << 20
    static let errorLimit = 64 << 10

    /// Runs `command` (a name looked up in `PATH`, or a path) with `environment`.
    static func run(_ command: [String], environment: [String: String]) throws -> ChildProcess {
        guard let program = command.first else { throw KubeconfigError(.execPlugin, "cannot run an empty command") }
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { throw failure(program, errno) }
        guard pipe(&errors) == 0 else {
            close(output[0]); close(output[1])
            throw failure(program, errno)
        }
        // No other child may inherit these ends (pipe2 is a GNU extension Swift does not import).
        for descriptor in output + errors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // posix_spawnp looks the program up in this process's PATH, as exec.Command does.
        var pid: pid_t = 0
        var spawned = posix_spawnp(&pid, program, &actions, nil, argv, envp)
        // ETXTBSY: another thread's child still holds the program open for writing for a
        // moment after it was written (Go's os/exec meets the same); it passes.
        for _ in 0..<20 where spawned == ETXTBSY {
            usleep(10_000)
            spawned = posix_spawnp(&pid, program, &actions, nil, argv, envp)
        }
        close(output[1])
        close(errors[1])
        guard spawned == 0 else {
            close(output[0]); close(errors[0])
            throw failure(program, spawned)
        }
        let (standardOutput, standardError) = readBoth(output[0], errors[0])
        close(output[0])
        close(errors[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildProcess(status: code, standardOutput: standardOutput, standardError: standardError)
    }

    /// Reads two pipes to their ends at once, so a child filling one never blocks on the other.
    private static func readBoth(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var buffers: [[UInt8]] = [[], []]
        let limits = [outputLimit, errorLimit]
        var descriptors = [pollfd(fd: first, events: Int16(POLLIN), revents: 0), pollfd(fd: second, events: Int16(POLLIN), revents: 0)]
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while descriptors.contains(where: { $0.fd >= 0 }) {
            guard poll(&descriptors, nfds_t(descriptors.count), -1) >= 0 || errno == EINTR else { break }
            for index in descriptors.indices where descriptors[index].fd >= 0 && descriptors[index].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(descriptors[index].fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    descriptors[index].fd = -1
                } else if buffers[index].count < limits[index] {
                    buffers[index].append(contentsOf: chunk[0..<min(count, limits[index] - buffers[index].count)])
                }
            }
        }
        return (buffers[0], buffers[1])
    }

    private static func failure(_ program: String, _ number: Int32) -> KubeconfigError {
        KubeconfigError(.execPlugin, "cannot run '\(program)': \(String(cString: strerror(number)))")
    }
}
