/// How a write is done: who writes, whether it persists, and which part of the object it touches.
package struct WriteOptions: Sendable {
    package var fieldManager: String
    package var dryRun = false
    /// Server-side apply only: take fields other managers own.
    package var force = false
    package var scope: FieldScope = .main
    /// `fieldValidation=Strict`.
    package var strict = false
    /// The merge schema of the kind, when the caller already has it (saves a trip to the store).
    package var schema: FieldSchema?

    package init(fieldManager: String, dryRun: Bool = false, force: Bool = false, scope: FieldScope = .main) {
        self.fieldManager = fieldManager
        self.dryRun = dryRun
        self.force = force
        self.scope = scope
    }
}

/// How a DELETE treats dependents and preconditions.
package struct DeleteOptions: Sendable {
    package enum Propagation: String, Sendable {
        case background = "Background"
        case foreground = "Foreground"
        case orphan = "Orphan"
    }

    package var propagation: Propagation = .background
    package var dryRun = false
    package var preconditionUID: String?
    package var preconditionResourceVersion: String?

    package init(propagation: Propagation = .background, dryRun: Bool = false) {
        self.propagation = propagation
        self.dryRun = dryRun
    }
}

/// The result of a write: the object and whether it was created (201) rather than changed (200).
package struct WriteResult: Sendable {
    package var object: Node
    package var created: Bool
    /// The stored JSON of `object`, when it was stored (not for dry runs), so answers need not serialize again.
    package var json: [UInt8]?

    init(object: Node, created: Bool, json: [UInt8]? = nil) {
        self.object = object
        self.created = created
        self.json = json
    }

    init(_ stored: StoredObject, created: Bool) {
        self.init(object: stored.object, created: created, json: stored.json)
    }
}

/// The result of a DELETE: the object (still there with finalizers, or gone) and whether it is gone.
package struct DeleteResult: Sendable {
    package var object: Node
    package var removed: Bool
}

import Manifests
