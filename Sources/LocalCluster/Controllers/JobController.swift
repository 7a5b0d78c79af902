import Manifests

/// Runs Jobs, without pods: each completes (or fails on purpose) one step after its generation
/// is seen, plus its ready delay.
struct JobController {
    let context: ControllerContext

    private func isReady(_ object: Node, since started: ContinuousClock.Instant) -> (ready: Bool, wait: Duration) {
        let due = context.step + ControllerContext.readyDelay(object)
        let elapsed = started.duration(to: .now)
        return (elapsed >= due, max(due - elapsed, .milliseconds(10)))
    }

    /// Reconciles one Job; returns when to look again, while it runs.
    func reconcile(_ object: Node, type: ResourceType, since started: ContinuousClock.Instant) async -> Duration? {
        var status = object["status"]?.mapping ?? Mapping()
        let conditions = status["conditions"]?.sequence ?? []
        if conditions.contains(where: { ["Complete", "Failed"].contains($0["type"]?.string ?? "") }) { return nil }
        let now = Clock.timestamp()
        let (ready, wait) = isReady(object, since: started)
        if !ready || object[path: ["spec", "suspend"]]?.text == "true" {
            if status["startTime"] == nil {
                status["startTime"] = .string(now)
                status["active"] = .int(1)
                status["ready"] = .int(0)
                status["terminating"] = .int(0)
                status["uncountedTerminatedPods"] = .emptyMapping
                await context.writeStatus(object, type: type, status: .mapping(status))
            }
            return wait
        }
        if status["startTime"] == nil { status["startTime"] = .string(now) }
        status["active"] = nil
        status["ready"] = .int(0)
        if ControllerContext.fails(object) {
            let message = "Job has reached the specified backoff limit"
            status["failed"] = .int(1)
            status["conditions"] = .sequence([
                ControllerContext.condition("FailureTarget", true, "BackoffLimitExceeded", message, now: now, previous: conditions),
                ControllerContext.condition("Failed", true, "BackoffLimitExceeded", message, now: now, previous: conditions),
            ])
        } else {
            let message = "Reached expected number of succeeded pods"
            status["succeeded"] = .int(ControllerContext.int(object[path: ["spec", "completions"]], default: 1))
            status["completionTime"] = .string(now)
            status["conditions"] = .sequence([
                ControllerContext.condition("SuccessCriteriaMet", true, "CompletionsReached", message, now: now, previous: conditions),
                ControllerContext.condition("Complete", true, "CompletionsReached", message, now: now, previous: conditions),
            ])
        }
        await context.writeStatus(object, type: type, status: .mapping(status))
        return nil
    }
}
