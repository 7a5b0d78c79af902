import Testing
@testable import Plan

@Suite("ReplicaSet health")
struct ReplicaSetHealthTests {
    @Test("follows kstatus through labelled, available and ready replicas", arguments: [
        ("conditions: [{type: ReplicaFailure, status: 'True', reason: FailedCreate}], fullyLabeledReplicas: 2",
         Health(.inProgress, reason: "ReplicaFailure", message: "Replica Failure condition. Check Pods")),
        ("fullyLabeledReplicas: 1", Health(.inProgress, reason: "LessLabelled", message: "Labelled: 1/2")),
        ("fullyLabeledReplicas: 2, availableReplicas: 1",
         Health(.inProgress, reason: "LessAvailable", message: "Available: 1/2")),
        ("fullyLabeledReplicas: 2, availableReplicas: 2, readyReplicas: 1",
         Health(.inProgress, reason: "LessReady", message: "Ready: 1/2")),
        ("replicas: 3, fullyLabeledReplicas: 2, availableReplicas: 2, readyReplicas: 2",
         Health(.inProgress, reason: "ExtraPods", message: "Pending termination: 1")),
        ("replicas: 2, fullyLabeledReplicas: 2, availableReplicas: 2, readyReplicas: 2",
         Health(.current, message: "ReplicaSet is available. Replicas: 2")),
    ])
    func replicas(status: String, expected: Health) throws {
        #expect(try health(manifest("apps/v1", "ReplicaSet", metadata: "name: web-5d8f, namespace: shop",
                                    spec: "replicas: 2", status: status)) == expected)
    }
}
