import Foundation
import Manifests
import Plan
import Testing

/// When live already holds a desired object: only when every field is there with an equal value.
@Suite("LiveCoverage")
struct LiveCoverageTests {
    static func yaml(_ text: String) throws -> Node {
        try #require(try YAMLParser(source: "test").parse(text).first)
    }

    static let desired = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec:
          replicas: 2
          template:
            spec:
              containers:
              - {name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}
        """

    @Test("live with the server's additions (defaults, status, other labels) covers the desired object")
    func additions() throws {
        let live = try Self.yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, uid: u-1, resourceVersion: "7", labels: {app: web, team: a}}
            spec:
              replicas: 2
              progressDeadlineSeconds: 600
              template:
                spec:
                  containers:
                  - {name: web, image: "nginx:1.27", imagePullPolicy: IfNotPresent, ports: [{containerPort: 80, protocol: TCP}]}
            status: {replicas: 2}
            """)
        #expect(LiveCoverage.covers(live, try Self.yaml(Self.desired)))
    }

    @Test("a changed value, a missing field, another list length or a value of another type is not covered", arguments: [
        ("replicas: 2", "replicas: 3"),
        ("labels: {app: web}", "labels: {}"),
        ("ports: [{containerPort: 80}]", "ports: [{containerPort: 80}, {containerPort: 81}]"),
        ("replicas: 2", "replicas: \"2\""),
        ("image: \"nginx:1.27\"", "image: \"nginx:1.28\""),
    ])
    func differences(original: String, changed: String) throws {
        let live = try Self.yaml(Self.desired.replacingOccurrences(of: original, with: changed))
        #expect(!LiveCoverage.covers(live, try Self.yaml(Self.desired)))
    }

    @Test("a large mapping is looked up by key: a ConfigMap of 100 keys, one of them changed")
    func largeMapping() throws {
        let data = (0..<100).map { "  k\($0): v\($0)\n" }.joined()
        let desired = try Self.yaml("apiVersion: v1\nkind: ConfigMap\ndata:\n" + data)
        #expect(LiveCoverage.covers(try Self.yaml("apiVersion: v1\nkind: ConfigMap\ndata:\n" + data + "  extra: x\n"), desired))
        #expect(!LiveCoverage.covers(try Self.yaml("apiVersion: v1\nkind: ConfigMap\ndata:\n" + data.replacingOccurrences(of: "v57", with: "changed")), desired))
    }
}
