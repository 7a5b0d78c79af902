import Manifests

/// kstatus's rule for Jobs (`jobConditions`).
///
/// A Job is current once `Complete`, failed once `Failed`, and current when
/// suspended on purpose (`Suspended=True` with `spec.suspend`; Flux's fork
/// of kstatus lacks this case and keeps such a Job in progress). Before the
/// controller starts it, it is in progress. A started Job is current while it
/// runs: kstatus does not wait for a Job to finish, so a sync does not block
/// on a long batch run.
enum JobHealth {
    static func compute(_ object: Node) -> Health {
        let parallelism = object.integer("spec.parallelism", otherwise: 1)
        let completions = object.integer("spec.completions", otherwise: parallelism)
        let succeeded = object.integer("status.succeeded", otherwise: 0)
        let active = object.integer("status.active", otherwise: 0)
        let failed = object.integer("status.failed", otherwise: 0)
        let suspended = object.boolean("spec.suspend", otherwise: false)

        for condition in Condition.all(in: object) where condition.status == "True" {
            switch condition.type {
            case "Complete":
                return .current("Job Completed. succeeded: \(succeeded)/\(completions)")
            case "Failed":
                return .failed("JobFailed", "Job Failed. failed: \(failed)/\(completions)")
            case "Suspended" where suspended:
                return .current("Job is suspended")
            default:
                continue
            }
        }
        if object.text("status.startTime").isEmpty { return .inProgress("JobNotStarted", "Job not started") }
        return .current("Job in progress. success:\(succeeded), active: \(active), failed: \(failed)")
    }
}
