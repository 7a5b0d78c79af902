import Manifests

/// kstatus's rule for PersistentVolumeClaims (`pvcConditions`): current once
/// `Bound`, in progress in any other phase (`Pending` waits for a volume;
/// kstatus does not single out `Lost`).
enum PersistentVolumeClaimHealth {
    static func compute(_ object: Node) -> Health {
        let phase = object.text("status.phase", otherwise: "unknown")
        guard phase == "Bound" else { return .inProgress("NotBound", "PVC is not Bound. phase: \(phase)") }
        return .current("PVC is Bound")
    }
}
