/// A failure to read or write git-ops' state: a code to act on, and a
/// message worded as git words its errors (lower case, the failure first,
/// the subject quoted, the remedy when one is known).
///
/// No message ever holds a Secret's value: messages name objects as
/// `Kind/namespace/name`, records by commit and environments by name.
package struct StateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that react to one case.
    package enum Code: String, Sendable {
        /// An environment, cluster or user name that cannot be stored (empty, several lines, or not a ref component).
        case invalidName
        /// An object that has no place in a deployment tree (no kind or name, or a name with `/`).
        case invalidObject
        /// Two objects of one deployment have one identity.
        case duplicateObject
        /// A commit that is not a deployment record or lease, or one whose trailers are damaged.
        case notARecord
        /// A record or lease written by a newer layout than this build reads.
        case newerLayout
        /// Another writer moved the reference first (a lost compare-and-swap): read again and retry.
        case concurrentUpdate
        /// No such deployment, source commit or revision.
        case notFound
        /// No healthy deployment to roll back to.
        case noHealthyDeployment
        /// An automatic sync of an environment that a rollback pinned.
        case pinned
        /// The lease is held, and not expired, by someone else.
        case leaseHeld
        /// The lease this sync held was taken over or released.
        case leaseLost
        /// A result that does not end a sync (`pending`), or a sync of another environment.
        case invalidResult
    }

    /// The case, for callers that react to it.
    package var code: Code
    /// Lower case, no final period: the failure first, then the remedy when known.
    package var message: String

    /// An error of `code` saying `message`.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    package var description: String { message }
}
