/// Why a kubeconfig (or the in-cluster configuration) gives no usable connection, in one
/// line, failure first, with the subject quoted and the remedy when there is one:
/// `cannot find context 'prod' in kubeconfig '/home/me/.kube/config'; ...`. It never holds
/// a token, key or certificate's text.
package struct KubeconfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed.
    package enum Code: Sendable, Equatable {
        /// No kubeconfig file exists and this is not a pod.
        case noConfiguration
        /// A file cannot be read or is not a kubeconfig.
        case unreadable
        /// A file cannot be written.
        case unwritable
        /// No context is chosen, or the chosen one, its cluster or its user is missing.
        case missingEntry
        /// An entry is there but cannot be used as written (no server, a key without its
        /// certificate, data that is not base64 or PEM).
        case invalidEntry
        /// Credentials would go over plain HTTP.
        case credentialsOverHTTP
        /// An exec credential plugin failed or answered something unusable.
        case execPlugin
        /// Something kubectl supports that this client does not.
        case unsupported
    }

    /// What failed.
    package var code: Code
    /// The whole message.
    package var message: String

    /// An error with its code and message.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    package var description: String { message }
}
