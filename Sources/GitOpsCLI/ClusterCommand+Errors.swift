import LocalCluster
#if canImport(Glibc)
import Glibc
#endif

/// The local cluster's failures as `git ops cluster` reports them: the library's message and,
/// when the command line can fix it, how.
extension ClusterCommand {
    static func failure(_ error: any Error, doing context: String = "cannot start the local cluster") -> CLIError {
        if let error = error as? CLIError { return error }
        guard let error = error as? ClusterError else { return CLIError(.fatal, "\(context): \(error)") }
        guard let remedy = remedy(for: error) else { return CLIError(.fatal, error.message) }
        return CLIError(.fatal, "\(error.message); \(remedy)")
    }

    static func remedy(for error: ClusterError) -> String? {
        switch (error.code, error.errno) {
        case (.dataDirectory, _): "choose another with --data"
        case (.listen, EADDRINUSE): "choose another --port, or 0 for a free one"
        case (.listen, EACCES): "ports below 1024 need privileges; choose another --port"
        case (.listen, _): "--host takes an IP address of this machine, such as 127.0.0.1"
        case (.inUse, _): "stop it with 'git ops cluster down'"
        case (.certificates, _): "move the data directory's 'pki' aside and the next start makes new ones"
        case (.write, _): nil
        }
    }

    /// `--port` is a TCP port, or 0 for a free one; a larger number would wrap to another port.
    static func checkPort(_ port: Int) throws {
        guard (0...65535).contains(port) else {
            throw CLIError(.usage, "invalid --port '\(port)': a port is a number from 0 to 65535 (0 picks a free one)")
        }
    }
}
