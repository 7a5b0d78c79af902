import Manifests
import Testing
@testable import Plan

@Suite("ApplySet parent")
struct ApplySetParentTests {
    @Test("writes the parent with the id label and sorted group-kinds and additional namespaces")
    func parentObject() throws {
        let members = [
            ObjectKey(group: "apps", kind: "Deployment", namespace: "web", name: "web"),
            ObjectKey(kind: "Service", namespace: "web", name: "web"),
            ObjectKey(kind: "Namespace", name: "web"),
            ObjectKey(kind: "ConfigMap", namespace: "git-ops", name: "shared"),
            ObjectKey(group: "batch", kind: "Job", namespace: "api", name: "migrate"),
        ]
        let parent = try devApplySet().parentObject(scope: ApplySet.Scope(members: members))
        #expect(try YAMLEmitter.document(parent) == """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              annotations:
                applyset.kubernetes.io/additional-namespaces: api,web
                applyset.kubernetes.io/contains-group-kinds: ConfigMap,Deployment.apps,Job.batch,Namespace,Service
                applyset.kubernetes.io/tooling: git-ops/0.1.0
              labels:
                applyset.kubernetes.io/id: \(devApplySetID)
              name: dev
              namespace: git-ops

            """)
    }

    @Test("reads back the scope a parent records, with the parent's own namespace")
    func readParent() throws {
        let set = try devApplySet()
        let scope = ApplySet.Scope(groupKinds: ["Deployment.apps", "Namespace"], namespaces: ["web", "git-ops"])
        #expect(try set.readParent(set.parentObject(scope: scope)) == scope)
    }

    @Test("the union of two scopes keeps every group-kind and namespace")
    func union() {
        let old = ApplySet.Scope(groupKinds: ["Deployment.apps"], namespaces: ["a"])
        let new = ApplySet.Scope(groupKinds: ["Service"], namespaces: ["b"])
        #expect(old.union(new) == ApplySet.Scope(groupKinds: ["Deployment.apps", "Service"], namespaces: ["a", "b"]))
    }

    @Test("refuses a parent that another tool or no tool manages", arguments: [
        "labels: {applyset.kubernetes.io/id: \(devApplySetID)}",
        "labels: {applyset.kubernetes.io/id: \(devApplySetID)}\n  annotations: {applyset.kubernetes.io/tooling: kubectl/v1.31.0}",
        "labels: {applyset.kubernetes.io/id: applyset-x-v1}\n  annotations: {applyset.kubernetes.io/tooling: git-ops/0.1.0}",
        "annotations: {applyset.kubernetes.io/tooling: git-ops/0.1.0}",
    ])
    func foreignParent(metadata: String) throws {
        let live = try object("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dev\n  namespace: git-ops\n  " + metadata)
        let error = #expect(throws: PlanError.self) { try devApplySet().readParent(live) }
        #expect(error?.code == .foreignParent)
    }

    @Test("takes the tool name before the last slash of the tooling annotation", arguments: [
        ("kubectl/v1.31.0", "kubectl"),
        ("example.com/tool/v2", "example.com/tool"),
        ("git-ops", "git-ops"),
    ])
    func toolingBaseName(tooling: String, expected: String) {
        #expect(ApplySet.toolingBaseName(tooling) == expected)
    }
}
