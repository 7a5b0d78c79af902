/// Why an age or SOPS operation failed: a code a caller can act on, and a
/// message worded like git's (lower case, failure first, subject quoted).
///
/// No message ever holds a secret value, a key or plaintext: only names,
/// paths, counts and the kind of the failure.
package struct SecretsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in the classes the age testkit and SOPS callers tell apart.
    package enum Code: String, Sendable, Equatable {
        /// A key, recipient or identity string is not what it claims to be.
        case invalidKey
        /// The ASCII armor around an age file is malformed.
        case armor
        /// The age header (intro, stanzas, closing line) is malformed or refused.
        case header
        /// No identity given could unwrap the file key.
        case noMatch
        /// The header MAC does not match: the header was changed.
        case headerMAC
        /// The encrypted payload is truncated, reordered or changed.
        case payload
        /// A SOPS file is malformed or uses a feature this implementation refuses.
        case format
        /// A SOPS value or MAC did not authenticate: the file was changed.
        case integrity
        /// The platform's crypto library failed.
        case crypto
    }

    package var code: Code
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }

    /// The same error with its message prefixed by `context` (a file name, say).
    package func naming(_ context: String) -> SecretsError {
        SecretsError(code, "\(context): \(message)")
    }
}
