import Testing
@testable import Plan

@Suite("StatefulSet health")
struct StatefulSetHealthTests {
    /// A StatefulSet of 3 replicas with `spec` added and `status`.
    static func statefulSet(spec: String = "", _ status: String) -> String {
        manifest("apps/v1", "StatefulSet", metadata: "name: db, namespace: shop", spec: "replicas: 3" + spec, status: status)
    }

    static let settled = "replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3"

    @Test("follows kstatus through replicas, readiness and revisions", arguments: [
        ("replicas: 2", Health(.inProgress, reason: "LessReplicas", message: "Replicas: 2/3")),
        ("replicas: 3, readyReplicas: 1", Health(.inProgress, reason: "LessReady", message: "Ready: 1/3")),
        ("replicas: 4, readyReplicas: 4", Health(.inProgress, reason: "ExtraPods", message: "Pending termination: 1")),
        ("replicas: 3, readyReplicas: 3, currentReplicas: 2",
         Health(.inProgress, reason: "LessCurrent", message: "current: 2/3")),
        ("\(settled), currentRevision: db-1, updateRevision: db-2",
         Health(.inProgress, reason: "RevisionMismatch", message: "Waiting for updated revision to match current")),
        ("\(settled), currentRevision: db-2, updateRevision: db-2",
         Health(.current, message: "All replicas scheduled as expected. Replicas: 3")),
    ])
    func rollout(status: String, expected: Health) throws {
        #expect(try health(Self.statefulSet(status)) == expected)
    }

    @Test("with a partition, waits only for the Pods at or above it", arguments: [
        ("replicas: 3, readyReplicas: 3, updatedReplicas: 1",
         Health(.inProgress, reason: "PartitionRollout", message: "updated: 1/2")),
        ("replicas: 3, readyReplicas: 3, updatedReplicas: 2, currentRevision: db-1, updateRevision: db-2",
         Health(.current, message: "Partition rollout complete. updated: 2")),
    ])
    func partition(status: String, expected: Health) throws {
        let spec = ", updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}"
        #expect(try health(Self.statefulSet(spec: spec, status)) == expected)
    }

    @Test("an OnDelete StatefulSet is current whatever its Pods")
    func onDelete() throws {
        #expect(try health(Self.statefulSet(spec: ", updateStrategy: {type: OnDelete}", "replicas: 0"))
            == Health(.current, message: "StatefulSet is using the ondelete update strategy"))
    }
}
