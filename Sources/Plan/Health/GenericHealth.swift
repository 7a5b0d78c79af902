import Manifests

/// kstatus's checks of any object (`checkGenericProperties`, `checkGeneration`
/// and `checkReadyCondition` in `generic.go` and `status.go`).
enum GenericHealth {
    /// The health the generic checks decide, or `nil` when the kind's rule
    /// (or the `Ready` condition) must decide. In order: a deletion timestamp
    /// makes it `Terminating`; an observed generation behind
    /// `metadata.generation` makes it `InProgress` (skipped when either is
    /// absent); then the first condition `Reconciling=True` (`InProgress`) or
    /// `Stalled=True` (`Failed`) decides, with that condition's reason and message.
    static func compute(_ object: Node) -> Health? {
        if !object.text("metadata.deletionTimestamp").isEmpty {
            return .init(.terminating, message: "Resource scheduled for deletion")
        }
        if let generation = observedGenerationLag(object) { return generation }
        for condition in Condition.all(in: object) where condition.status == "True" {
            switch condition.type {
            case "Reconciling": return .inProgress(condition.reason, condition.message)
            case "Stalled": return .failed(condition.reason, condition.message)
            default: continue
            }
        }
        return nil
    }

    /// `InProgress` when the controller has not yet seen the latest spec:
    /// `status.observedGeneration` present and different from `metadata.generation`.
    static func observedGenerationLag(_ object: Node) -> Health? {
        guard let generation = object.integer("metadata.generation"),
              let observed = object.integer("status.observedGeneration"),
              observed != generation else { return nil }
        let kind = Resource(object).kind
        return .inProgress("LatestGenerationNotObserved",
                           "\(kind) generation is \(generation), but latest observed generation is \(observed)")
    }

    /// kstatus's `checkGenerationSet`, for kinds whose controller always
    /// writes the observed generation (DaemonSet): either field missing means
    /// the controller has not acted yet.
    static func generationsMissing(_ object: Node) -> Health? {
        let kind = Resource(object).kind
        if object.integer("metadata.generation") == nil {
            return .inProgress("NoGeneration", "\(kind) metadata.generation not found")
        }
        if object.integer("status.observedGeneration") == nil {
            return .inProgress("NoObservedGeneration", "\(kind) status.observedGeneration not found")
        }
        return nil
    }

    /// The first `Ready` condition: `True` is `Current`, `False` or `Unknown`
    /// is `InProgress` (kstatus cannot tell progress from a dead end here);
    /// `nil` without one.
    static func readyCondition(_ object: Node) -> Health? {
        for condition in Condition.all(in: object) where condition.type == "Ready" {
            switch condition.status {
            case "True": return .current("Resource is Ready")
            case "False", "Unknown": return .inProgress(condition.reason, condition.message)
            default: continue
            }
        }
        return nil
    }
}
