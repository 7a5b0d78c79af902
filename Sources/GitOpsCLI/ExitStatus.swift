/// The exit statuses of every git-ops command (DESIGN.md): 0 done, 1 the
/// answer is "no", 64 usage, 128 fatal.
package enum ExitStatus: Int32, Sendable {
    case success = 0
    /// Diff found, unhealthy, push rejected, validation failed.
    case no = 1
    /// The command line was wrong.
    case usage = 64
    /// Something failed.
    case fatal = 128
}

/// An error the CLI reports with a given exit status; libraries' errors are mapped to it.
package struct CLIError: Error, Sendable, CustomStringConvertible {
    package var status: ExitStatus
    package var message: String

    package init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    package var description: String { message }
}
