#if canImport(Glibc)
import Glibc
#endif

/// Why a local cluster could not start or keep its files: the failure and its subject, worded
/// as git words errors (`cannot listen on '127.0.0.1:6443': Address already in use`), and the
/// `errno` behind it, from which the CLI picks a remedy.
package struct ClusterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed, for callers that react to it.
    package enum Code: Sendable, Equatable {
        /// The data directory cannot be made or written.
        case dataDirectory
        /// The address cannot be listened on.
        case listen
        /// A file of the cluster (its record, a kubeconfig) cannot be written.
        case write
        /// Another server runs on the data directory.
        case inUse
        /// The cluster's certificates cannot be made or read.
        case certificates
    }

    /// What failed.
    package var code: Code
    /// The whole message, failure first, subject quoted, reason last.
    package var message: String
    /// The system's error number, when the failure has one.
    package var errno: Int32?

    /// An error with its code, message and, when there is one, the system's error number.
    package init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// `failure: <strerror(errno)>`.
    static func system(_ code: Code, _ failure: String, errno: Int32) -> ClusterError {
        ClusterError(code, "\(failure): \(String(cString: strerror(errno)))", errno: errno)
    }

    /// The message.
    package var description: String { message }
}
