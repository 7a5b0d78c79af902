import Manifests
import Testing
@testable import Plan

@Suite("DiffNormalization")
struct DiffNormalizationTests {
    @Test("removes status and the metadata only the server writes, and keeps the rest")
    func serverFields() throws {
        let live = try object(liveDeployment)
        #expect(DiffNormalization.normalize(live) == (try object("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              labels: {app: web}
            spec:
              replicas: 2
              revisionHistoryLimit: 10
              template: {spec: {containers: [{name: app, image: "shop:1.0"}]}}
            """)))
    }

    @Test("keeps what the manifest or another client may set in metadata")
    func clientMetadata() throws {
        let metadata = "{name: web, annotations: {team: shop}, finalizers: [example.com/keep], "
            + "ownerReferences: [{kind: Widget, name: w}]}"
        let object = try object("kind: ConfigMap\nmetadata: \(metadata)\n")
        #expect(DiffNormalization.normalize(object) == object)
    }

    @Test("drops kubectl's last-applied record, and the annotations it leaves empty", arguments: [
        ("{kubectl.kubernetes.io/last-applied-configuration: '{\"data\":{\"password\":\"c2VjcmV0\"}}'}", nil),
        ("{kubectl.kubernetes.io/last-applied-configuration: '{}', team: shop}", "{team: shop}"),
    ])
    func lastApplied(annotations: String, expected: String?) throws {
        let normalized = DiffNormalization.normalize(try object("kind: Secret\nmetadata: {name: s, annotations: \(annotations)}\n"))
        let expectedNode = try expected.map { try object($0) }
        #expect(normalized[path: ["metadata", "annotations"]] == expectedNode)
    }

    @Test("writes a Secret's stringData into data as the server does")
    func stringData() throws {
        let secret = try object("""
            apiVersion: v1
            kind: Secret
            metadata: {name: db}
            data: {user: YWRtaW4=, password: b2xk}
            stringData: {password: s3cret, port: 5432}
            """)
        let normalized = DiffNormalization.normalize(secret)
        #expect(normalized["stringData"] == nil)
        #expect(normalized["data"] == (try object("{user: YWRtaW4=, password: czNjcmV0, port: 5432}")))
    }

    @Test("leaves stringData of a kind that is not a core Secret alone")
    func otherSecret() throws {
        let custom = try object("apiVersion: example.com/v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: b}\n")
        #expect(DiffNormalization.normalize(custom)["stringData"] != nil)
    }
}
