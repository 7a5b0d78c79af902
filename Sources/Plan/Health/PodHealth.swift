import FoundationEssentials
import Manifests

/// kstatus's rule for Pods (`podConditions`).
///
/// A Pod that has run to its end is current whether it succeeded or not
/// ("completed, but not successfully"): a bare Pod's exit is its result. A
/// running Pod is current once `Ready`, failed when a container is in
/// `CrashLoopBackOff`, in progress otherwise. A pending Pod the scheduler
/// could not place is given `scheduleWindow` from its creation before it
/// counts as failed, since a new node or a freed one often comes soon.
enum PodHealth {
    /// kstatus's `ScheduleWindow`.
    static let scheduleWindow: Double = 15

    static func compute(_ object: Node, now: Date) -> Health {
        let conditions = Condition.all(in: object)
        let phase = object.text("status.phase")
        switch phase {
        case "Succeeded":
            return .current("Pod has completed successfully")
        case "Failed":
            return .current("Pod has completed, but not successfully")
        case "Running":
            if Condition.first("Ready", status: "True", in: conditions) != nil { return .current("Pod is Ready") }
            let crashLooping = crashLoopingContainers(object)
            if !crashLooping.isEmpty {
                return .failed("ContainerCrashLooping",
                               "Containers in CrashLoop state: \(crashLooping.joined(separator: ","))")
            }
            return .inProgress("PodRunningNotReady", "Pod is running but is not Ready")
        case "Pending":
            let scheduled = Condition.first("PodScheduled", status: "False", in: conditions)
            guard scheduled?.reason == "Unschedulable" else {
                return .inProgress("PodPending", "Pod is in the Pending phase")
            }
            if isYoung(object, now: now) { return .inProgress("PodNotScheduled", "Pod has not been scheduled") }
            return .failed("PodUnschedulable", "Pod could not be scheduled")
        case "":
            return .inProgress("PodNotObserved", "Pod phase not available")
        default:
            // kstatus returns an error here, which its poller reports as Unknown.
            return Health(.unknown, message: "unknown phase \(phase)")
        }
    }

    /// The names of containers waiting with reason `CrashLoopBackOff`, in status order.
    static func crashLoopingContainers(_ object: Node) -> [String] {
        let statuses = object[path: ["status", "containerStatuses"]]?.sequence ?? []
        return statuses.compactMap { status in
            guard let name = status["name"]?.text,
                  status[path: ["state", "waiting", "reason"]]?.text == "CrashLoopBackOff" else { return nil }
            return name
        }
    }

    /// Created less than `scheduleWindow` before `now`. A Pod without a
    /// readable creation time is as old as Go's zero time, so never young.
    static func isYoung(_ object: Node, now: Date) -> Bool {
        guard let text = object[path: ["metadata", "creationTimestamp"]]?.text,
              let created = try? Date(text, strategy: .iso8601) else { return false }
        return now.addingTimeInterval(-scheduleWindow) < created
    }
}
