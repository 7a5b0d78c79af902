import Foundation
import Git
import Kube
import Manifests
import Plan
import Reconcile
import State
import Testing

/// Drift, rollback, health and leases: what the on-call engineer relies on.
@Suite("sync: drift, rollback, health", .serialized, .timeLimit(.minutes(3)))
struct SyncRecoveryTests {
    func scale(_ fixture: SyncFixture, namespace: String, to replicas: Int) async throws {
        try await fixture.withClient { client in
            var deployment = try #require(try await client.get(GroupVersionKind(apiVersion: "apps/v1", kind: "Deployment"), name: "nginx", namespace: namespace))
            deployment[path: ["spec", "replicas"]] = .int(replicas)
            deployment = .mapping(Mapping(["apiVersion": .string("apps/v1"), "kind": .string("Deployment"),
                                           "metadata": .mapping(Mapping(["name": .string("nginx"), "namespace": .string(namespace)])),
                                           "spec": .mapping(Mapping(["replicas": .int(replicas)]))]))
            _ = try await client.apply(deployment, fieldManager: "kubectl-scale", force: true)
        }
    }

    @Test("scaling by hand is drift: status names it and is not in sync; a sync heals it")
    func drift() async throws {
        let fixture = try await SyncFixture(files: SyncFixture.tutorial(namespace: "drift"))
        defer { Task { await fixture.stop() } }
        _ = try await fixture.sync()
        let reconciler = Reconciler(repository: try Repository(at: fixture.sandbox.path("repo")))
        #expect(try await reconciler.status("dev", options: fixture.options()).isInSync)
        try await scale(fixture, namespace: "drift", to: 5)
        let drifted = try await reconciler.status("dev", options: fixture.options())
        #expect(!drifted.isInSync)
        #expect(drifted.drift.map(\.key.description) == ["Deployment/drift/nginx"])
        let healed = try await fixture.sync()
        #expect(healed.counts.applied == 1)
        #expect(try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "drift")?[path: ["spec", "replicas"]]?.text == "2")
        #expect(try await reconciler.status("dev", options: fixture.options()).isInSync)
    }

    @Test("a rollback re-applies the earlier deployment, is recorded with Rollback-Of and pins until an explicit sync")
    func rollback() async throws {
        let fixture = try await SyncFixture(files: SyncFixture.tutorial(namespace: "back"))
        defer { Task { await fixture.stop() } }
        let first = try await fixture.sync()
        try fixture.sandbox.commit("three", ["base/deployment.yaml": SyncFixture.tutorial(replicas: 3, namespace: "back")["base/deployment.yaml"] ?? ""])
        _ = try await fixture.sync()
        let reconciler = Reconciler(repository: try Repository(at: fixture.sandbox.path("repo")))
        let back = try await reconciler.rollback("dev", to: nil, options: fixture.options())
        #expect(back.result == .succeeded)
        #expect(back.sourceCommit == first.sourceCommit)
        #expect(try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "back")?[path: ["spec", "replicas"]]?.text == "2")
        let latest = try #require(fixture.history().first)
        #expect(latest.record.rollbackOf == first.deployment?.commit)
        #expect(try reconciler.repository.referenceTarget("refs/ops/pin/dev") == latest.commit)
        var automatic = fixture.options()
        automatic.trigger = .automatic
        await #expect(throws: ReconcileError.self) { try await reconciler.sync("dev", options: automatic) }
        _ = try await fixture.sync()
        #expect(try reconciler.repository.referenceTarget("refs/ops/pin/dev") == nil)
    }

    @Test("a rollout that fails makes the sync unhealthy; with autoRollback the previous deployment is back and both are recorded")
    func autoRollback() async throws {
        var files = SyncFixture.tutorial(namespace: "auto")
        files[".gitops.yaml"] = "environments:\n  dev:\n    path: clusters/dev\n    cluster: git-ops-test\n    timeout: 20s\n    autoRollback: true\n"
        let fixture = try await SyncFixture(files: files)
        defer { Task { await fixture.stop() } }
        _ = try await fixture.sync()
        let failing = (SyncFixture.tutorial(replicas: 3, namespace: "auto")["base/deployment.yaml"] ?? "")
            .replacingOccurrences(of: "  name: nginx\n", with: "  name: nginx\n  annotations:\n    localcluster.git-ops.dev/fail-rollout: \"true\"\n")
        try fixture.sandbox.commit("a release that never becomes ready", ["base/deployment.yaml": failing])
        let outcome = try await fixture.sync()
        #expect(outcome.result == .rolledBack)
        #expect(outcome.unhealthy.map(\.key.description) == ["Deployment/auto/nginx"])
        #expect(outcome.rollback.first?.result == .succeeded)
        let deployment = try await fixture.get("apps/v1", "Deployment", "nginx", namespace: "auto")
        #expect(deployment?[path: ["spec", "replicas"]]?.text == "2")
        #expect(deployment?[path: ["metadata", "annotations", "localcluster.git-ops.dev/fail-rollout"]] == nil)
        #expect(try fixture.history().map(\.record.result) == [.succeeded, .rolledBack, .succeeded])
    }

    @Test("two syncs of one environment started together never interleave: one holds the lease, the other is refused or follows")
    func concurrentSyncs() async throws {
        let fixture = try await SyncFixture(files: SyncFixture.tutorial(namespace: "together"))
        defer { Task { await fixture.stop() } }
        func attempt() async -> Result<SyncOutcome, any Error> {
            do { return .success(try await fixture.sync()) } catch { return .failure(error) }
        }
        async let one = attempt()
        async let two = attempt()
        let results = await [one, two]
        let refusals = results.compactMap { result -> ReconcileError? in
            if case .failure(let error) = result { return error as? ReconcileError }
            return nil
        }
        #expect(refusals.allSatisfy { $0.code == .state && $0.message.contains("held by") })
        // Every record that was written is a complete pending-then-final pair: nothing interleaved.
        let records = try fixture.history()
        #expect(records.count == results.count - refusals.count)
        #expect(records.allSatisfy { $0.record.result == .succeeded })
    }

    @Test("after a Secret is synced, no object reachable from refs/ops or refs/notes/ops holds its value")
    func secretsNeverRecorded() async throws {
        var files = SyncFixture.tutorial(namespace: "secret")
        files["clusters/dev/secret.yaml"] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2-very-secret\n"
        files["clusters/dev/kustomization.yaml"] = "namespace: secret\nresources:\n- namespace.yaml\n- secret.yaml\n- ../../base\n"
        let fixture = try await SyncFixture(files: files)
        defer { Task { await fixture.stop() } }
        _ = try await fixture.sync()
        let live = try await fixture.get("v1", "Secret", "db", namespace: "secret")
        #expect(live?[path: ["data", "password"]]?.text == Data("hunter2-very-secret".utf8).base64EncodedString())
        // Everything git-ops wrote: the deployment records, the lease, the pin and the notes, and what they reach.
        let refs = try fixture.sandbox.git("for-each-ref", "--format=%(refname)", "refs/ops", "refs/notes/ops").split(separator: "\n").map(String.init)
        #expect(refs.contains("refs/ops/deploy/dev") && refs.contains("refs/notes/ops"))
        let reachable = Set(try fixture.sandbox.run(["rev-list", "--objects"] + refs).split(separator: "\n").map { String($0.prefix(40)) })
        for id in reachable where !id.isEmpty {
            let content = (try? fixture.sandbox.git("cat-file", "-p", id)) ?? ""
            #expect(!content.contains("hunter2-very-secret"), "object \(id) holds the secret")
            #expect(!content.contains(Data("hunter2-very-secret".utf8).base64EncodedString()), "object \(id) holds the secret in base64")
        }
    }

    @Test("with the cluster failing a fifth of requests with 500 and 429, sync still converges")
    func faults() async throws {
        let fixture = try await SyncFixture(files: SyncFixture.tutorial(namespace: "faulty"), faults: "errors=0.2,codes=500|429")
        defer { Task { await fixture.stop() } }
        let first = try await fixture.sync()
        #expect(first.result == .succeeded)
        try fixture.sandbox.commit("three", ["base/deployment.yaml": SyncFixture.tutorial(replicas: 3, namespace: "faulty")["base/deployment.yaml"] ?? ""])
        let second = try await fixture.sync()
        #expect(second.result == .succeeded && second.counts.applied == 1)
        let again = try await fixture.sync()
        #expect(again.counts == DeploymentRecord.Counts(applied: 0, pruned: 0, unchanged: 2))
    }
}
