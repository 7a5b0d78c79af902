/// kstatus's rule for PodDisruptionBudgets (`pdbConditions`): current once
/// the generic check has seen the disruption controller observe the latest
/// generation. The controller sets no condition when it fails to compute the
/// allowed disruptions, so there is nothing more to read.
enum PodDisruptionBudgetHealth {
    static func compute() -> Health {
        .current("AllowedDisruptions has been computed.")
    }
}
