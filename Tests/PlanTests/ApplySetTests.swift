import Manifests
import Testing
@testable import Plan

@Suite("ApplySet")
struct ApplySetTests {
    @Test("computes kubectl's id from name, namespace, kind and group", arguments: [
        // kubectl's own vector (pkg/cmd/apply/apply_test.go), recomputed with sha256sum.
        (ResourceID(version: "v1", kind: "Secret", namespace: "test", name: "my-set"),
         "applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1"),
        // A digest whose base64 has '/' and '+', written as '_' and '-'.
        (ResourceID(version: "v1", kind: "ConfigMap", namespace: "git-ops", name: "dev"), devApplySetID),
    ])
    func id(parent: ResourceID, expected: String) throws {
        #expect(try ApplySet.id(of: parent, sha256: KnownDigests.sha256) == expected)
    }

    @Test("refuses a hash function that does not return 32 bytes")
    func invalidDigest() {
        let parent = ResourceID(version: "v1", kind: "Secret", namespace: "test", name: "my-set")
        #expect(throws: PlanError(.invalidDigest, "cannot compute the ApplySet id of Secret/test/my-set: "
            + "the SHA-256 function returned 20 bytes instead of 32")) {
            try ApplySet(parent: parent, version: "1", sha256: { _ in [UInt8](repeating: 0, count: 20) })
        }
    }

    @Test("stamps the part-of label on a rendered object and keeps its own labels")
    func stamp() throws {
        let stamped = try devApplySet().stamp(try object("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: web, labels: {app: web}}
            """))
        #expect(Resource(stamped).labels == ["app": "web", ApplySet.partOfLabel: devApplySetID])
    }

    @Test("stamps an object whose labels are null")
    func stampNullLabels() throws {
        let stamped = try devApplySet().stamp(try object("kind: ConfigMap\nmetadata: {name: a, labels: null}\n"))
        #expect(Resource(stamped).labels == [ApplySet.partOfLabel: devApplySetID])
    }

    @Test("refuses to stamp an object whose manifest names another ApplySet")
    func stampForeign() throws {
        let foreign = try object("""
            kind: ConfigMap
            metadata: {name: a, labels: {applyset.kubernetes.io/part-of: applyset-other-v1}}
            """)
        let error = #expect(throws: PlanError.self) { try devApplySet().stamp(foreign) }
        #expect(error?.code == .foreignApplySetLabel)
    }

    @Test("stamping twice gives the same object")
    func stampIdempotent() throws {
        let set = try devApplySet()
        let once = try set.stamp(try object("kind: ConfigMap\nmetadata: {name: a}\n"))
        #expect(try set.stamp(once) == once)
    }

    @Test("decides ownership by the part-of label alone", arguments: [
        ("metadata: {name: a, labels: {applyset.kubernetes.io/part-of: \(devApplySetID)}}", ApplySet.Ownership.member),
        ("metadata: {name: a, labels: {applyset.kubernetes.io/part-of: applyset-x-v1}}", .otherSet("applyset-x-v1")),
        ("metadata: {name: a, labels: {app: a}}", .unowned),
        ("metadata: {name: a, annotations: {applyset.kubernetes.io/part-of: \(devApplySetID)}}", .unowned),
    ])
    func ownership(metadata: String, expected: ApplySet.Ownership) throws {
        #expect(try devApplySet().ownership(of: try object("kind: Pod\n" + metadata)) == expected)
    }
}
