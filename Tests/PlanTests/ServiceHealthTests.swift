import Testing
@testable import Plan

@Suite("Service health")
struct ServiceHealthTests {
    @Test("only a LoadBalancer without a cluster IP is in progress", arguments: [
        ("{type: LoadBalancer}", Health(.inProgress, reason: "NoIPAssigned", message: "ClusterIP not set. Service type: LoadBalancer")),
        ("{type: LoadBalancer, clusterIP: 10.96.0.12}", Health(.current, message: "Service is ready")),
        ("{type: ClusterIP}", Health(.current, message: "Service is ready")),
        ("{}", Health(.current, message: "Service is ready")),
        ("{type: NodePort, clusterIP: ''}", Health(.current, message: "Service is ready")),
    ])
    func types(spec: String, expected: Health) throws {
        #expect(try health("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: \(spec)\n") == expected)
    }
}
