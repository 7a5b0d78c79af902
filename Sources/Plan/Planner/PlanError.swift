/// A plan that cannot be made, or an ApplySet that cannot be used: a code
/// to act on, and a message worded as git words its errors.
package struct PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that react to one case.
    package enum Code: String, Sendable {
        /// The render has no objects and `allowEmpty` is off.
        case emptyRender
        /// Two desired objects have one identity.
        case duplicateObject
        /// A desired object does not carry this ApplySet's `part-of` label.
        case notStamped
        /// A desired object already carries another ApplySet's `part-of` label.
        case foreignApplySetLabel
        /// The caller's SHA-256 returned something other than 32 bytes.
        case invalidDigest
        /// The live ApplySet parent belongs to another tool, or to no tool.
        case foreignParent
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
