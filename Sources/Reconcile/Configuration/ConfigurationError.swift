/// A `.gitops.yaml` that cannot be used: the file (as shown to users) and what is wrong with it.
package struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as shown to users (`.gitops.yaml@3f2a1c9`).
    package var file: String
    /// What is wrong and how to fix it, in lower case.
    package var message: String

    package init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    package var description: String { "\(file): \(message)" }
}
