import CGit2

/// A failure of a git operation, worded like git: lower case, failure first, subject quoted.
package struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is, for callers that react to some of them.
    package enum Code: Sendable, Equatable {
        /// No such revision, object, path, reference or note.
        case notFound
        /// A short object id or a name that matches more than one object.
        case ambiguous
        /// A compare-and-swap lost: the reference exists or moved since it was read.
        case referenceMoved
        /// A malformed name, revision or argument.
        case invalid
        /// A lock file is held by another process.
        case locked
        /// A write was refused because the repository is open read-only (pre-receive quarantine).
        case readOnly
        /// No repository where one was looked for.
        case notARepository
        /// Something libgit2 1.5 or this module does not do.
        case unsupported
        /// An object that cannot be decoded: the repository is damaged.
        case damaged
        /// Anything else libgit2 reported.
        case failed
    }

    /// What kind of failure this is.
    package var code: Code
    /// The whole sentence shown to users.
    package var message: String
    /// libgit2's own words when `message` rephrases them, for logs.
    package var cause: String?

    /// An error with a code, the sentence users see, and optionally libgit2's words.
    package init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, as shown to users.
    package var description: String { message }
}

extension GitError {
    /// The error libgit2 just reported for `result`, prefixed with what was being done.
    ///
    /// libgit2 keeps its last error per thread, so this must be called on the
    /// thread of the failing call, before any other libgit2 call.
    static func libgit2(_ result: Int32, _ context: String) -> GitError {
        let detail = Libgit2.lastErrorMessage() ?? "libgit2 error \(result)"
        if Libgit2.lastErrorIsDamage() {
            return GitError(.damaged, "\(context): \(damage(detail))", cause: detail)
        }
        return GitError(code(for: result), "\(context): \(detail)", cause: detail)
    }

    /// How a decoding failure is told: libgit2 says "out of memory" when a
    /// damaged header announces a huge size, which is not the user's problem.
    static func damage(_ detail: String) -> String {
        let reason = detail == "out of memory" ? "its header announces an impossible size" : detail
        return "the object is damaged (\(reason)); run 'git fsck' to find the damaged objects and restore them from another clone"
    }

    /// Throws the libgit2 error of `result` when it is negative.
    static func check(_ result: Int32, _ context: @autoclosure () -> String) throws {
        if result < 0 { throw libgit2(result, context()) }
    }

    /// The code for a libgit2 `git_error_code`.
    static func code(for result: Int32) -> Code {
        switch result {
        case GIT_ENOTFOUND.rawValue, GIT_EUNBORNBRANCH.rawValue: return .notFound
        case GIT_EAMBIGUOUS.rawValue: return .ambiguous
        case GIT_EEXISTS.rawValue, GIT_EMODIFIED.rawValue: return .referenceMoved
        case GIT_EINVALIDSPEC.rawValue, GIT_EINVALID.rawValue: return .invalid
        case GIT_ELOCKED.rawValue: return .locked
        default: return .failed
        }
    }
}
