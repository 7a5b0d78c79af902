import CGit2

/// Who made a commit, a note or a reflog entry, and when.
package struct Signature: Sendable, Equatable {
    /// Which of the two identities of a commit a signature stands for.
    package enum Role: Sendable, Equatable {
        /// Who wrote the change.
        case author
        /// Who recorded it.
        case committer
    }

    /// The person's name, as in `user.name`.
    package var name: String
    /// The e-mail address, as in `user.email`.
    package var email: String
    /// Seconds since 1970-01-01T00:00:00Z.
    package var time: Int64
    /// The time zone's offset from UTC, in minutes (`+0100` is 60).
    package var offsetMinutes: Int

    /// A signature with every field given.
    package init(name: String, email: String, time: Int64, offsetMinutes: Int) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// The name used when neither the environment nor git config names anyone (hooks often run so).
    package static let fallbackName = "git-ops"
    /// The e-mail address used when neither the environment nor git config gives one.
    package static let fallbackEmail = "git-ops@localhost"

    /// A copy of a libgit2 signature, which libgit2 only lends.
    init(_ signature: UnsafePointer<git_signature>) {
        let value = signature.pointee
        name = value.name.map { String(cString: $0) } ?? ""
        email = value.email.map { String(cString: $0) } ?? ""
        time = value.when.time
        offsetMinutes = Int(value.when.offset)
    }

    /// `name <email>` at the current time in the local time zone.
    static func now(name: String, email: String) throws -> Signature {
        var pointer: UnsafeMutablePointer<git_signature>?
        let context = "invalid identity '\(name) <\(email)>'"
        try GitError.check(git_signature_now(&pointer, name, email), context)
        guard let pointer else { throw GitError(.failed, "\(context): libgit2 returned no signature") }
        let handle = Handle(pointer) { git_signature_free($0) }
        return Signature(handle.pointer)
    }

    /// The name and e-mail of `role` the way git picks them, field by field:
    /// `GIT_AUTHOR_NAME`/`GIT_COMMITTER_NAME` (and `_EMAIL`) from `environment`,
    /// then `user.name`/`user.email` from config, then `git-ops <git-ops@localhost>`.
    ///
    /// Unlike git, a missing identity is not an error: hooks and agents often
    /// run without one, and a record by `git-ops` is better than no record.
    static func identity(
        _ role: Role, environment: [String: String], userName: String?, userEmail: String?
    ) -> (name: String, email: String) {
        let prefix = role == .author ? "GIT_AUTHOR" : "GIT_COMMITTER"
        func pick(_ candidates: String?...) -> String? {
            candidates.lazy.compactMap { $0 }.first { !$0.isEmpty }
        }
        return (
            pick(environment["\(prefix)_NAME"], userName) ?? fallbackName,
            pick(environment["\(prefix)_EMAIL"], userEmail) ?? fallbackEmail
        )
    }
}
