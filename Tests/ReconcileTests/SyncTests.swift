import Foundation
import Git
import Kube
import Manifests
import Plan
import Reconcile
import State
import Testing

/// `Reconciler.sync` against the local cluster over HTTPS, with real git repositories.
@Suite("sync", .serialized, .timeLimit(.minutes(3)))
struct SyncTests {
    @Test("the tutorial: two replicas, then three after a commit, each sync recorded with its note")
    func tutorial() async throws {
        let fixture = try await SyncFixture(files: SyncFixture.tutorial(namespace: "tutorial"))
        defer { Task { await fixture.stop() } }
        let first = try await fixture.sync()
        #expect(first.result == .succeeded)
        #expect(first.changes.entries.map(\.description) == ["Namespace/tutorial created", "Deployment/tutorial/nginx created"])
        let deployment = try #require(try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "tutorial"))
        #expect(deployment[path: ["spec", "replicas"]]?.text == "2")
        let applySet = try PlannedSync.applySet(for: "dev")
        #expect(deployment[path: ["metadata", "labels", ApplySet.partOfLabel]]?.text == applySet.id)
        let parent = try #require(try await fixture.get("v1", "ConfigMap", "git-ops.dev", namespace: "default"))
        #expect(parent[path: ["metadata", "annotations", ApplySet.containsGroupKindsAnnotation]]?.text == "Deployment.apps,Namespace")

        try fixture.sandbox.commit("three replicas", ["base/deployment.yaml": SyncFixture.tutorial(replicas: 3, namespace: "tutorial")["base/deployment.yaml"] ?? ""])
        let second = try await fixture.sync()
        #expect(second.counts == DeploymentRecord.Counts(applied: 1, pruned: 0, unchanged: 1))
        let scaled = try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "tutorial")
        #expect(scaled?[path: ["spec", "replicas"]]?.text == "3")

        let records = try fixture.history().map(\.record)
        #expect(records.map(\.result) == [.succeeded, .succeeded])
        #expect(records.map(\.counts.applied) == [1, 2])
        let notes = try fixture.sandbox.git("log", "--notes=ops", "--format=%s%n%N", "main")
        #expect(notes.contains("three replicas\n{\"time\":"), "\(notes)")
        #expect(notes.contains("\"result\":\"succeeded\""))
    }

    @Test("syncs and checks through one client cache share one client, left open for the next")
    func keptClient() async throws {
        let fixture = try await SyncFixture(files: SyncFixture.tutorial(namespace: "kept"))
        defer { Task { await fixture.stop() } }
        let clients = KubeClientCache()
        let reconciler = Reconciler(repository: try Repository(at: fixture.sandbox.path("repo")))
        var options = fixture.options()
        options.clients = clients
        #expect(try await reconciler.sync("dev", options: options).result == .succeeded)
        #expect(clients.count == 1)
        // The client outlived the sync: the check and the next sync use it again.
        #expect(try await reconciler.status("dev", options: options).isInSync)
        try fixture.sandbox.commit("three replicas", ["base/deployment.yaml": SyncFixture.tutorial(replicas: 3, namespace: "kept")["base/deployment.yaml"] ?? ""])
        #expect(try await reconciler.sync("dev", options: options).counts.applied == 1)
        #expect(clients.count == 1)
        #expect(try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "kept")?[path: ["spec", "replicas"]]?.text == "3")
        // Shut down, the cache is empty; the next use makes a new client.
        await clients.shutdown()
        #expect(clients.count == 0)
        #expect(try await reconciler.status("dev", options: options).isInSync)
        #expect(clients.count == 1)
        await clients.shutdown()
    }

    @Test("a second sync of what is deployed changes nothing and says so")
    func noChange() async throws {
        let fixture = try await SyncFixture(files: SyncFixture.tutorial(namespace: "again"))
        defer { Task { await fixture.stop() } }
        _ = try await fixture.sync()
        let before = try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "again")
        let again = try await fixture.sync()
        #expect(again.counts == DeploymentRecord.Counts(applied: 0, pruned: 0, unchanged: 2))
        #expect(!again.changes.changesCluster)
        let after = try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "again")
        #expect(before?[path: ["metadata", "generation"]] == after?[path: ["metadata", "generation"]])
    }

    @Test("a field dropped from git leaves the live object, and a person's edit of an owned field is seen, after no-op syncs")
    func droppedFieldAndEdit() async throws {
        var files = SyncFixture.tutorial(namespace: "fields")
        files["base/deployment.yaml"] = files["base/deployment.yaml"]!.replacingOccurrences(of: "  name: nginx\n", with: "  name: nginx\n  annotations: {team: web, tier: front}\n")
        let fixture = try await SyncFixture(files: files)
        defer { Task { await fixture.stop() } }
        _ = try await fixture.sync()
        _ = try await fixture.sync()
        // Live is as recorded; a person changes an annotation git-ops owns.
        let edit = try #require(try YAMLParser(source: "edit").parse(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\n  namespace: fields\n  annotations: {tier: back}\n").first)
        _ = try await fixture.withClient { try await $0.apply(edit, fieldManager: "kubectl-edit", force: true) }
        let healed = try await fixture.sync()
        #expect(healed.counts.applied == 1, "the edit was not seen: \(healed.changes.entries.map { "\($0.key) \($0.action)" })")
        #expect(try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "fields")?[path: ["metadata", "annotations", "tier"]]?.text == "front")
        // Git drops one annotation: the sync removes it from the live object.
        try fixture.sandbox.commit("drop tier", ["base/deployment.yaml": files["base/deployment.yaml"]!.replacingOccurrences(of: ", tier: front", with: "")])
        let dropped = try await fixture.sync()
        #expect(dropped.counts.applied == 1)
        let live = try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "fields")
        #expect(live?[path: ["metadata", "annotations", "team"]]?.text == "web")
        #expect(live?[path: ["metadata", "annotations", "tier"]] == nil)
        #expect(try await fixture.sync().counts.applied == 0)
    }

    @Test("removing a file prunes exactly that object; one made with kubectl in the namespace survives")
    func prune() async throws {
        var files = SyncFixture.tutorial(namespace: "pruning")
        files["clusters/dev/cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n"
        files["clusters/dev/kustomization.yaml"] = "namespace: pruning\nresources:\n- namespace.yaml\n- cm.yaml\n- ../../base\n"
        let fixture = try await SyncFixture(files: files)
        defer { Task { await fixture.stop() } }
        _ = try await fixture.sync()
        try await fixture.withClient { client in
            _ = try await client.apply(try #require(try YAMLParser(source: "t").parse(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: handmade\n  namespace: pruning\n").first), fieldManager: "kubectl")
        }
        try fixture.sandbox.git("rm", "-q", "clusters/dev/cm.yaml")
        try fixture.sandbox.commit("drop settings", ["clusters/dev/kustomization.yaml": "namespace: pruning\nresources:\n- namespace.yaml\n- ../../base\n"])
        let outcome = try await fixture.sync()
        #expect(outcome.changes.prunes.map(\.key.description) == ["ConfigMap/pruning/settings"])
        #expect(try await fixture.get("v1", "ConfigMap", "settings", namespace: "pruning") == nil)
        #expect(try await fixture.get("v1", "ConfigMap", "handmade", namespace: "pruning") != nil)
        #expect(try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "pruning") != nil)
        // Every namespace holds the cluster's authority, as a real one does; pruning leaves it alone.
        var published: Node?
        for _ in 0..<600 where published == nil {
            published = try await fixture.get("v1", "ConfigMap", "kube-root-ca.crt", namespace: "pruning")
            if published == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(published?[path: ["data", "ca.crt"]]?.text == fixture.server.credentials?.authorityPEM)
    }

    @Test("an empty render is refused: nothing applied, pruned or recorded")
    func emptyRender() async throws {
        let fixture = try await SyncFixture(files: SyncFixture.tutorial(namespace: "empty"))
        defer { Task { await fixture.stop() } }
        _ = try await fixture.sync()
        try fixture.sandbox.commit("empty", [
            "clusters/dev/kustomization.yaml": "resources: []\n",
        ])
        await #expect {
            try await fixture.sync()
        } throws: { error in
            (error as? ReconcileError)?.message.contains("refusing to sync an empty render") == true
        }
        #expect(try fixture.history().count == 1)
        #expect(try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "empty") != nil)
    }

    @Test("a context the kubeconfig lacks is one error naming it, and nothing is recorded")
    func missingContext() async throws {
        let fixture = try await SyncFixture(files: SyncFixture.tutorial(namespace: "nowhere"))
        defer { Task { await fixture.stop() } }
        await #expect {
            try await fixture.sync { $0.context = "git-ops-elsewhere" }
        } throws: { error in
            guard let error = error as? ReconcileError else { return false }
            return error.code == .cluster && error.message.contains("'git-ops-elsewhere'") && !error.message.contains("\n")
        }
        #expect(try fixture.history().isEmpty)
    }
}
