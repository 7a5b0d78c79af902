import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The proof that a process is the server of a data directory: a POSIX record lock on
/// `server.lock`, held by the server for as long as it runs and released by the kernel when
/// it exits, however it exits. Another process asks the kernel who holds it (`F_GETLK`
/// reports the holder's pid), so `down` never has to trust a pid written in a file.
///
/// POSIX locks belong to the process, not the descriptor: the server opens the file once and
/// never again (closing any descriptor of it would drop the lock), and a process cannot
/// see its own lock with `holder(in:)`.
package final class ServerLock: Sendable {
    private let descriptor: Mutex<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    /// Where the lock of a data directory lives.
    package static func path(in directory: String) -> String { directory + "/server.lock" }

    /// Takes the lock of `directory`, or fails naming the server that holds it.
    package static func acquire(in directory: String) throws -> ServerLock {
        let path = path(in: directory)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ClusterError.system(.dataDirectory, "cannot lock '\(path)'", errno: errno) }
        var lock = wholeFile(F_WRLCK)
        guard fcntl(descriptor, F_SETLK, &lock) == 0 else {
            let failure = errno
            close(descriptor)
            guard failure == EAGAIN || failure == EACCES else {
                throw ClusterError.system(.dataDirectory, "cannot lock '\(path)'", errno: failure)
            }
            let holder = holder(in: directory).map { " (pid \($0))" } ?? ""
            throw ClusterError(.inUse, "the data directory '\(directory)' is in use by another local cluster\(holder)")
        }
        return ServerLock(descriptor: descriptor)
    }

    /// The pid of the process that holds the lock of `directory`; nil when none does (or
    /// when the directory has no lock file, as with a server of an older git-ops).
    package static func holder(in directory: String) -> pid_t? {
        let descriptor = open(path(in: directory), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var lock = wholeFile(F_WRLCK)
        guard fcntl(descriptor, F_GETLK, &lock) == 0, lock.l_type != Int16(F_UNLCK), lock.l_pid > 0 else { return nil }
        return lock.l_pid
    }

    /// Whether `directory` has a lock file: a server of this version ran there.
    package static func exists(in directory: String) -> Bool {
        access(path(in: directory), F_OK) == 0
    }

    /// Gives the lock up (the kernel also does when the process ends).
    package func release() {
        descriptor.withLock { descriptor in
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
        }
    }

    deinit { release() }

    private static func wholeFile(_ type: Int32) -> flock {
        var lock = flock()
        lock.l_type = Int16(type)
        lock.l_whence = Int16(SEEK_SET)
        return lock
    }
}
