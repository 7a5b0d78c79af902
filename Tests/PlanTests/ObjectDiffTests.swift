import Manifests
import Testing
@testable import Plan

@Suite("ObjectDiff")
struct ObjectDiffTests {
    static let key = ObjectKey(group: "apps", kind: "Deployment", namespace: "shop", name: "web")

    @Test("a dry-run result equal to live but for server-owned fields has no changes")
    func serverOwned() throws {
        let dryRun = liveDeployment
            .replacing("resourceVersion: \"48213\"", with: "resourceVersion: \"48214\"")
            .replacing("generation: 4", with: "generation: 5")
            .replacing("managedFields: [{manager: git-ops, operation: Apply}]",
                       with: "managedFields: [{manager: git-ops, operation: Apply, time: '2025-06-16T00:00:00Z'}]")
            .replacing("status: {replicas: 2}", with: "status: {replicas: 1}")
        let diff = try ObjectDiff(key: Self.key, live: try object(liveDeployment), predicted: try object(dryRun))
        #expect(!diff.hasChanges)
        #expect(diff.unified() == "")
    }

    @Test("a field the server defaults shows only when compared with the manifest instead of the dry-run")
    func defaulted() throws {
        let manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              replicas: 2
              template: {spec: {containers: [{name: app, image: "shop:1.0"}]}}
            """
        let withManifest = try ObjectDiff(key: Self.key, live: try object(liveDeployment), predicted: try object(manifest))
        #expect(withManifest.unified().contains("-  revisionHistoryLimit: 10"))
        let dryRun = liveDeployment.replacing("resourceVersion: \"48213\"", with: "resourceVersion: \"48214\"")
        #expect(!(try ObjectDiff(key: Self.key, live: try object(liveDeployment), predicted: try object(dryRun))).hasChanges)
    }

    @Test("prints a change as a unified diff of the YAML, fields in sorted order")
    func change() throws {
        let dryRun = liveDeployment.replacing("image: \"shop:1.0\"", with: "image: \"shop:1.1\"")
            .replacing("  replicas: 2\n  revisionHistoryLimit: 10", with: "  revisionHistoryLimit: 10\n  replicas: 2")
        let diff = try ObjectDiff(key: Self.key, live: try object(liveDeployment), predicted: try object(dryRun))
        #expect(diff.unified() == """
            --- live/Deployment/shop/web
            +++ desired/Deployment/shop/web
            @@ -11,5 +11,5 @@
               template:
                 spec:
                   containers:
            -      - image: shop:1.0
            +      - image: shop:1.1
                     name: app

            """)
    }

    @Test("a creation and a prune diff against /dev/null")
    func createAndPrune() throws {
        let created = try ObjectDiff(key: Self.key, live: nil, predicted: try object("kind: Deployment\nmetadata: {name: web}\n"))
        #expect(created.unified() == "--- /dev/null\n+++ desired/Deployment/shop/web\n@@ -0,0 +1,3 @@\n"
            + "+kind: Deployment\n+metadata:\n+  name: web\n")
        let pruned = try ObjectDiff(key: Self.key, live: try object("kind: Deployment\nmetadata: {name: web}\n"), predicted: nil)
        #expect(pruned.unified().hasPrefix("--- live/Deployment/shop/web\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-kind: Deployment\n"))
    }

    @Test("shows that a Secret value changed without showing either value")
    func secret() throws {
        let live = try object("apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata: {password: b2xk, user: YWRtaW4=}\n")
        let dryRun = try object("apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata: {password: bmV3, user: YWRtaW4=}\n")
        let key = ObjectKey(kind: "Secret", namespace: "shop", name: "db")
        let diff = try ObjectDiff(key: key, live: live, predicted: dryRun)
        #expect(diff.hasChanges)
        #expect(diff.unified() == """
            --- live/Secret/shop/db
            +++ desired/Secret/shop/db
            @@ -1,6 +1,6 @@
             apiVersion: v1
             data:
            -  password: ++++++++++++
            +  password: ++++++++
               user: ++++++++
             kind: Secret
             metadata:

            """)
    }

    @Test("a Secret whose values are the same has no changes")
    func secretUnchanged() throws {
        let live = try object("apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata: {password: b2xk}\n")
        let desired = try object("apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: old}\n")
        #expect(!(try ObjectDiff(key: ObjectKey(kind: "Secret", name: "db"), live: live, predicted: desired)).hasChanges)
    }
}
