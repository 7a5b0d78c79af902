#if canImport(Glibc)
import Glibc
#endif

/// The files a local cluster writes (its record, the kubeconfig) and the directories they live
/// in, through POSIX calls so that each failure names its file and the system's reason.
enum ClusterFiles {
    /// Replaces `path` in one step (a temporary file beside it, then `rename`), so a reader
    /// never sees half of it.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let temporary = path + ".git-ops.tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw ClusterError.system(.write, "cannot write '\(temporary)'", errno: errno) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let failure = ClusterError.system(.write, "cannot write '\(temporary)'", errno: errno)
                close(descriptor)
                unlink(temporary)
                throw failure
            }
            offset += written
        }
        guard close(descriptor) == 0 else { throw ClusterError.system(.write, "cannot write '\(temporary)'", errno: errno) }
        guard rename(temporary, path) == 0 else {
            let failure = ClusterError.system(.write, "cannot replace '\(path)'", errno: errno)
            unlink(temporary)
            throw failure
        }
    }

    /// Makes `path` and its missing parents, and checks that files can be made in it.
    /// `failure` words the error: `cannot use '<path>' as the data directory`.
    static func makeDirectory(_ path: String, code: ClusterError.Code, failure: String) throws {
        var made = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            made += "/" + component
            if mkdir(made, 0o755) != 0 && errno != EEXIST {
                throw ClusterError.system(code, failure, errno: errno)
            }
        }
        var status = stat()
        guard stat(path, &status) == 0 else { throw ClusterError.system(code, failure, errno: errno) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw ClusterError.system(code, failure, errno: ENOTDIR) }
        guard access(path, W_OK | X_OK) == 0 else { throw ClusterError.system(code, failure, errno: errno) }
    }
}
