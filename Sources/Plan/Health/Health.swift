import FoundationEssentials
import Manifests

/// The health of one live object, computed as kstatus computes it
/// (kubernetes-sigs/cli-utils `pkg/kstatus/status` at 5895ad6): a status,
/// the reason kstatus puts on the condition it adds, and its message.
///
/// `compute` is the dispatcher: the generic checks every object gets
/// (`GenericHealth`), then the rule of the object's kind when kstatus has
/// one (one file per kind), then the object's `Ready` condition, and
/// otherwise `Current`: an object with no known conditions is taken to be
/// as its manifest says.
package struct Health: Sendable, Equatable, CustomStringConvertible {
    /// kstatus's statuses, spelled as kstatus prints them.
    package enum Status: String, Sendable, CaseIterable {
        /// The object is as its manifest asks.
        case current = "Current"
        /// A controller is still working on it.
        case inProgress = "InProgress"
        /// It will not get there without a change (a stalled rollout, a failed Job).
        case failed = "Failed"
        /// It has a deletion timestamp.
        case terminating = "Terminating"
        /// It is not in the cluster.
        case notFound = "NotFound"
        /// Its status could not be read.
        case unknown = "Unknown"
    }

    /// Where the object stands.
    package var status: Status
    /// The reason of the `Reconciling` or `Stalled` condition kstatus adds
    /// (`LessReplicas`, `ProgressDeadlineExceeded`); empty for `Current`.
    package var reason: String
    /// kstatus's message: `Replicas: 1/3`, `Deployment is available. Replicas: 3`.
    package var message: String

    /// A health from its status, reason and message.
    package init(_ status: Status, reason: String = "", message: String) {
        self.status = status
        self.reason = reason
        self.message = message
    }

    /// `InProgress`, kstatus's `newInProgressStatus`.
    static func inProgress(_ reason: String, _ message: String) -> Health {
        Health(.inProgress, reason: reason, message: message)
    }

    /// `Failed`, kstatus's `newFailedStatus`.
    static func failed(_ reason: String, _ message: String) -> Health {
        Health(.failed, reason: reason, message: message)
    }

    /// `Current` with a message.
    static func current(_ message: String) -> Health {
        Health(.current, message: message)
    }

    /// What the poller reports for an object the server does not have.
    package static let notFound = Health(.notFound, message: "Resource not found")

    /// `Status: message`.
    package var description: String { "\(status.rawValue): \(message)" }

    /// The health of `object`, or `notFound` without one. `now` is compared
    /// with a Pod's creation time (an unschedulable Pod gets 15 seconds).
    package static func compute(_ object: Node?, now: Date) -> Health {
        guard let object else { return notFound }
        if let generic = GenericHealth.compute(object) { return generic }
        let id = Resource(object).id
        if let rule = rules[id.group.isEmpty ? id.kind : "\(id.group)/\(id.kind)"] {
            return rule(object, now)
        }
        return GenericHealth.readyCondition(object) ?? .current("Resource is current")
    }

    /// kstatus's `legacyTypes`: the kinds with a rule of their own, keyed
    /// `group/Kind` (`Kind` for the core group), so a custom resource named
    /// `Deployment` in another group is not read as one.
    static let rules: [String: @Sendable (Node, Date) -> Health] = [
        "Service": { object, _ in ServiceHealth.compute(object) },
        "Pod": { object, now in PodHealth.compute(object, now: now) },
        "Secret": { _, _ in AlwaysCurrentHealth.compute() },
        "ConfigMap": { _, _ in AlwaysCurrentHealth.compute() },
        "batch/CronJob": { _, _ in AlwaysCurrentHealth.compute() },
        "PersistentVolumeClaim": { object, _ in PersistentVolumeClaimHealth.compute(object) },
        "apps/StatefulSet": { object, _ in StatefulSetHealth.compute(object) },
        "apps/DaemonSet": { object, _ in DaemonSetHealth.compute(object) },
        "extensions/DaemonSet": { object, _ in DaemonSetHealth.compute(object) },
        "apps/Deployment": { object, _ in DeploymentHealth.compute(object) },
        "extensions/Deployment": { object, _ in DeploymentHealth.compute(object) },
        "apps/ReplicaSet": { object, _ in ReplicaSetHealth.compute(object) },
        "extensions/ReplicaSet": { object, _ in ReplicaSetHealth.compute(object) },
        "policy/PodDisruptionBudget": { _, _ in PodDisruptionBudgetHealth.compute() },
        "batch/Job": { object, _ in JobHealth.compute(object) },
        "apiextensions.k8s.io/CustomResourceDefinition": { object, _ in CustomResourceDefinitionHealth.compute(object) },
    ]

    /// The status of a set of objects, as kstatus's `AggregateStatus`: any
    /// `Failed` makes it `Failed`, else any `Unknown` makes it `Unknown`, else
    /// it is `desired` when every object is, and `InProgress` otherwise. An
    /// empty set is `desired`.
    package static func aggregate(_ statuses: some Sequence<Status>, desired: Status = .current) -> Status {
        var allDesired = true
        var anyUnknown = false
        for status in statuses {
            if status == .failed { return .failed }
            if status == .unknown { anyUnknown = true }
            if status != desired { allDesired = false }
        }
        if anyUnknown { return .unknown }
        return allDesired ? desired : .inProgress
    }
}
