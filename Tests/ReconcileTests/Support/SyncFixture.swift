import Foundation
import Git
import Kube
import LocalCluster
import Manifests
import Reconcile
import State
import TestSupport

/// A repository and an in-process local cluster over HTTPS, with a kubeconfig
/// whose context `git-ops-test` reaches it as admin: what a user has after
/// `git ops cluster up` and `git ops init`.
final class SyncFixture: @unchecked Sendable {
    // @unchecked Sendable: used by one test at a time, on one task.
    let sandbox: Sandbox
    let cluster: LocalClusterHarness
    var server: ClusterServer { cluster.server }
    var kubeconfig: String { cluster.kubeconfig }

    /// The tutorial's base: an nginx Deployment with `replicas` replicas and a dev overlay in namespace `namespace`.
    static func tutorial(replicas: Int = 2, namespace: String) -> [String: String] {
        [
            "base/kustomization.yaml": "resources:\n- deployment.yaml\n",
            "base/deployment.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: nginx
                spec:
                  replicas: \(replicas)
                  selector:
                    matchLabels: {app: nginx}
                  template:
                    metadata:
                      labels: {app: nginx}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx:latest
                        ports:
                        - containerPort: 80

                """,
            "clusters/dev/kustomization.yaml": "namespace: \(namespace)\nresources:\n- namespace.yaml\n- ../../base\n",
            "clusters/dev/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n",
            ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n    cluster: git-ops-test\n    timeout: 20s\n",
        ]
    }

    init(files: [String: String], faults: String? = nil) async throws {
        sandbox = try Sandbox()
        try sandbox.makeRepository()
        try sandbox.commit("first", files)
        cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: sandbox.path("kubeconfig"), faults: faults)
    }

    func stop() async { await cluster.stop() }

    /// Options that reach the fixture's cluster and record as the sandbox's committer.
    func options(_ revision: String? = nil) -> SyncOptions {
        var options = SyncOptions(revision: revision)
        options.kubeconfig = kubeconfig
        options.environment = [:]
        options.syncedBy = "Cy Committer <cy@example.com>"
        return options
    }

    func sync(_ environment: String = "dev", _ change: (inout SyncOptions) -> Void = { _ in }) async throws -> SyncOutcome {
        var options = options()
        change(&options)
        return try await Reconciler(repository: try Repository(at: sandbox.path("repo"))).sync(environment, options: options)
    }

    /// A client of the fixture's cluster, for looking at what a sync did.
    func withClient<Result: Sendable>(_ body: (KubeClient) async throws -> Result) async throws -> Result {
        try await cluster.withClient(body)
    }

    func get(_ apiVersion: String, _ kind: String, _ name: String, namespace: String? = nil) async throws -> Node? {
        try await withClient { try await $0.get(GroupVersionKind(apiVersion: apiVersion, kind: kind), name: name, namespace: namespace) }
    }

    func history(_ environment: String = "dev") throws -> [Deployment] {
        let repository = try Repository(at: sandbox.path("repo"))
        return try DeploymentHistory(repository: repository, environment: try EnvironmentRefs(environment)).page(limit: 100).deployments
    }
}
