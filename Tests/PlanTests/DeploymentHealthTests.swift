import Testing
@testable import Plan

@Suite("Deployment health")
struct DeploymentHealthTests {
    /// A Deployment of 3 replicas with a progress deadline, at generation 2, with `status`.
    static func deployment(_ status: String) -> String {
        manifest("apps/v1", "Deployment", metadata: "name: web, namespace: shop, generation: 2",
                 spec: "replicas: 3, progressDeadlineSeconds: 600", status: "observedGeneration: 2, " + status)
    }

    static let progressed = "{type: Progressing, status: 'True', reason: NewReplicaSetAvailable}"
    static let available = "{type: Available, status: 'True', reason: MinimumReplicasAvailable}"

    @Test("follows kstatus from a stalled rollout to an available Deployment", arguments: [
        ("conditions: [{type: Progressing, status: 'False', reason: ProgressDeadlineExceeded}], replicas: 3",
         Health(.failed, reason: "ProgressDeadlineExceeded", message: "Progress deadline exceeded")),
        ("replicas: 1", Health(.inProgress, reason: "LessReplicas", message: "Replicas: 1/3")),
        ("replicas: 3, updatedReplicas: 2", Health(.inProgress, reason: "LessUpdated", message: "Updated: 2/3")),
        ("replicas: 4, updatedReplicas: 3", Health(.inProgress, reason: "ExtraPods", message: "Pending termination: 1")),
        ("replicas: 3, updatedReplicas: 3, availableReplicas: 2",
         Health(.inProgress, reason: "LessAvailable", message: "Available: 2/3")),
        ("replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 2",
         Health(.inProgress, reason: "LessReady", message: "Ready: 2/3")),
        ("replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3, "
            + "conditions: [{type: Progressing, status: 'True', reason: ReplicaSetUpdated}, \(available)]",
         Health(.inProgress, reason: "ReplicaSetNotAvailable", message: "ReplicaSet not Available")),
        ("replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3, "
            + "conditions: [\(progressed), {type: Available, status: 'False'}]",
         Health(.inProgress, reason: "DeploymentNotAvailable", message: "Deployment not Available")),
        ("replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3, conditions: [\(progressed), \(available)]",
         Health(.current, message: "Deployment is available. Replicas: 3")),
    ])
    func rollout(status: String, expected: Health) throws {
        #expect(try health(Self.deployment(status)) == expected)
    }

    @Test("is in progress while the controller has not observed the latest generation")
    func generationNotObserved() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, generation: 2}
            status: {observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1,
                     conditions: [{type: Available, status: 'True'}]}
            """
        #expect(try health(yaml) == Health(.inProgress, reason: "LatestGenerationNotObserved",
                                           message: "Deployment generation is 2, but latest observed generation is 1"))
    }

    @Test("without a progress deadline needs no Progressing condition, and one replica by default")
    func noDeadline() throws {
        #expect(try health("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec: {}
            status: {replicas: 1, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1,
                     conditions: [{type: Available, status: 'True'}]}
            """) == Health(.current, message: "Deployment is available. Replicas: 1"))
    }

    @Test("a Deployment of another group is not read by the apps rule")
    func otherGroup() throws {
        #expect(try health("apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n")
            == Health(.current, message: "Resource is current"))
    }
}
