import FoundationEssentials
import Testing
@testable import Plan

@Suite("Pod health")
struct PodHealthTests {
    /// A Pod created at 2025-06-15T15:06:40Z (1 750 000 000 s) with `status`.
    static func pod(_ status: String) -> String {
        manifest("v1", "Pod", metadata: "name: web-0, namespace: shop, creationTimestamp: '2025-06-15T15:06:40Z'", status: status)
    }

    static let created = Date(timeIntervalSince1970: 1_750_000_000)
    static let unschedulable = "phase: Pending, conditions: [{type: PodScheduled, status: 'False', reason: Unschedulable}]"

    @Test("follows kstatus through the Pod's phases", arguments: [
        ("phase: Succeeded", Health(.current, message: "Pod has completed successfully")),
        ("phase: Failed", Health(.current, message: "Pod has completed, but not successfully")),
        ("phase: Running, conditions: [{type: Ready, status: 'True'}]", Health(.current, message: "Pod is Ready")),
        ("phase: Running, conditions: [{type: Ready, status: 'False'}]",
         Health(.inProgress, reason: "PodRunningNotReady", message: "Pod is running but is not Ready")),
        ("phase: Running, containerStatuses: [{name: app, state: {waiting: {reason: CrashLoopBackOff}}}, "
            + "{name: proxy, state: {running: {}}}, {name: log, state: {waiting: {reason: CrashLoopBackOff}}}]",
         Health(.failed, reason: "ContainerCrashLooping", message: "Containers in CrashLoop state: app,log")),
        ("phase: Running, containerStatuses: [{name: app, state: {waiting: {reason: ImagePullBackOff}}}]",
         Health(.inProgress, reason: "PodRunningNotReady", message: "Pod is running but is not Ready")),
        ("phase: Pending", Health(.inProgress, reason: "PodPending", message: "Pod is in the Pending phase")),
        ("", Health(.inProgress, reason: "PodNotObserved", message: "Pod phase not available")),
        ("phase: Lost", Health(.unknown, message: "unknown phase Lost")),
    ])
    func phases(status: String, expected: Health) throws {
        #expect(try health(Self.pod(status)) == expected)
    }

    @Test("an unschedulable Pod is in progress for 15 seconds after its creation, then failed", arguments: [
        (0.0, Health(.inProgress, reason: "PodNotScheduled", message: "Pod has not been scheduled")),
        (14.0, Health(.inProgress, reason: "PodNotScheduled", message: "Pod has not been scheduled")),
        (15.0, Health(.failed, reason: "PodUnschedulable", message: "Pod could not be scheduled")),
        (600.0, Health(.failed, reason: "PodUnschedulable", message: "Pod could not be scheduled")),
    ])
    func unschedulable(age: Double, expected: Health) throws {
        #expect(try health(Self.pod(Self.unschedulable), now: Self.created.addingTimeInterval(age)) == expected)
    }

    @Test("an unschedulable Pod without a creation time has failed")
    func noCreationTime() throws {
        #expect(try health("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nstatus: {\(Self.unschedulable)}\n").status
            == .failed)
    }
}
