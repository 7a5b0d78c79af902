/// How a write is done: who writes, whether it persists, and which part of the object it touches.
struct WriteOptions: Sendable {
    var fieldManager: String
    var dryRun = false
    /// Server-side apply only: take fields other managers own.
    var force = false
    var scope: FieldScope = .main
    /// `fieldValidation`: unknown and duplicate fields are refused (`Strict`), dropped with a
    /// warning (`Warn`, upstream's default when the parameter is absent) or dropped silently.
    var fieldValidation: FieldValidation = .warn
    var strict: Bool {
        get { fieldValidation == .strict }
        set { fieldValidation = newValue ? .strict : .warn }
    }
    /// Keys the request body named twice (already collapsed to their last value).
    var duplicateFields: [String] = []
    /// The merge schema of the kind, when the caller already has it (saves a trip to the store).
    var schema: FieldSchema?
    /// Set when the request is at a version other than the stored one: patches apply to the served form.
    var conversion: VersionConversion?

    init(fieldManager: String, dryRun: Bool = false, force: Bool = false, scope: FieldScope = .main) {
        self.fieldManager = fieldManager
        self.dryRun = dryRun
        self.force = force
        self.scope = scope
    }
}

enum FieldValidation: String, Sendable {
    case ignore = "Ignore"
    case warn = "Warn"
    case strict = "Strict"
}

/// How a DELETE treats dependents and preconditions.
struct DeleteOptions: Sendable {
    enum Propagation: String, Sendable {
        case background = "Background"
        case foreground = "Foreground"
        case orphan = "Orphan"
    }

    var propagation: Propagation = .background
    var dryRun = false
    var preconditionUID: String?
    var preconditionResourceVersion: String?

    init(propagation: Propagation = .background, dryRun: Bool = false) {
        self.propagation = propagation
        self.dryRun = dryRun
    }
}

/// The result of a write: the object and whether it was created (201) rather than changed (200).
struct WriteResult: Sendable {
    var object: Node
    var created: Bool
    /// The stored JSON of `object`, when it was stored (not for dry runs), so answers need not serialize again.
    var json: [UInt8]?

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
struct DeleteResult: Sendable {
    var object: Node
    var removed: Bool
}

import Manifests
