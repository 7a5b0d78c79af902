import Manifests

/// What a server-side apply returned: the object as the server has it (or would have it,
/// for a dry run), whether the apply created it, and the warnings the server sent.
package struct AppliedObject: Sendable, Equatable {
    /// The object after the apply.
    package var object: Node
    /// Whether it did not exist before (201 Created).
    package var created: Bool
    /// The texts of the server's `Warning` headers (unknown fields, deprecated APIs).
    package var warnings: [String]

    /// `metadata.resourceVersion`: unchanged by an apply that changed nothing.
    package var resourceVersion: String { object[path: ["metadata", "resourceVersion"]]?.text ?? "" }
}

/// The objects of a list, read through every page, and the resourceVersion to watch from.
package struct ObjectList: Sendable, Equatable {
    /// The objects, each with its `apiVersion` and `kind` (a list's items have none of their own).
    package var items: [Node]
    /// The list's `metadata.resourceVersion`.
    package var resourceVersion: String
}

/// How a delete treats what the object owns (`DeleteOptions.propagationPolicy`).
package enum PropagationPolicy: String, Sendable {
    /// The object goes now, what it owns after it (kubectl's default).
    case background = "Background"
    /// What it owns goes first; the object waits with a `foregroundDeletion` finalizer.
    case foreground = "Foreground"
    /// What it owns stays.
    case orphan = "Orphan"
}

/// What a delete did.
package enum DeleteResult: Sendable, Equatable {
    /// The object is gone.
    case deleted
    /// The object is being deleted and waits for its finalizers; here as it is now.
    case deleting(Node)
    /// There was no such object.
    case notFound
}
