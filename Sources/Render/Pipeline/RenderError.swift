import Manifests

/// Why a render failed: what, where (the file shown as the tree shows it), and how to fix it when known.
package struct RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for callers that react to it.
    package enum Code: Sendable, Equatable {
        /// A file or directory is missing or unreadable.
        case read
        /// A file is not valid YAML or is not a Kubernetes object.
        case syntax
        /// A kustomization field is unknown, malformed or not supported.
        case kustomization
        /// Resources conflict or a transformation cannot be applied.
        case build
    }

    package var code: Code
    /// The file (or directory) the failure is about, as shown to users; empty when none.
    package var file: String
    package var message: String

    package init(_ code: Code, file: String, _ message: String) {
        self.code = code
        self.file = file
        self.message = message
    }

    package var description: String {
        file.isEmpty ? message : "\(file): \(message)"
    }
}
