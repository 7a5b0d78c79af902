import Testing
@testable import Plan

@Suite("DaemonSet health")
struct DaemonSetHealthTests {
    /// A DaemonSet at generation 4 with `status`.
    static func daemonSet(_ status: String) -> String {
        manifest("apps/v1", "DaemonSet", metadata: "name: agent, namespace: kube-system, generation: 4", status: status)
    }

    @Test("follows kstatus through scheduling, updates, availability and readiness", arguments: [
        ("observedGeneration: 4",
         Health(.inProgress, reason: "NoDesiredNumber", message: "Missing .status.desiredNumberScheduled")),
        ("observedGeneration: 4, desiredNumberScheduled: 3, currentNumberScheduled: 2",
         Health(.inProgress, reason: "LessCurrent", message: "Current: 2/3")),
        ("observedGeneration: 4, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 1",
         Health(.inProgress, reason: "LessUpdated", message: "Updated: 1/3")),
        ("observedGeneration: 4, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, "
            + "numberAvailable: 2", Health(.inProgress, reason: "LessAvailable", message: "Available: 2/3")),
        ("observedGeneration: 4, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, "
            + "numberAvailable: 3, numberReady: 2", Health(.inProgress, reason: "LessReady", message: "Ready: 2/3")),
        ("observedGeneration: 4, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, "
            + "numberAvailable: 3, numberReady: 3", Health(.current, message: "All replicas scheduled as expected. Replicas: 3")),
        ("observedGeneration: 3, desiredNumberScheduled: 3", Health(.inProgress, reason: "LatestGenerationNotObserved",
            message: "DaemonSet generation is 4, but latest observed generation is 3")),
    ])
    func rollout(status: String, expected: Health) throws {
        #expect(try health(Self.daemonSet(status)) == expected)
    }

    @Test("is in progress until the controller has written the observed generation")
    func observedGenerationRequired() throws {
        #expect(try health(Self.daemonSet("desiredNumberScheduled: 0")) == Health(.inProgress,
            reason: "NoObservedGeneration", message: "DaemonSet status.observedGeneration not found"))
    }

    @Test("is in progress without a generation of its own")
    func generationRequired() throws {
        #expect(try health("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nstatus: {observedGeneration: 1}\n")
            == Health(.inProgress, reason: "NoGeneration", message: "DaemonSet metadata.generation not found"))
    }
}
