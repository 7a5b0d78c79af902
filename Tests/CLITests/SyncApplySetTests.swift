import Foundation
import Manifests
import Testing
import TestSupport

/// The ApplySet that `git ops sync` keeps, read by the real kubectl: its
/// labels and parent annotations must describe the same set, so kubectl's own
/// prune (`KUBECTL_APPLYSET=true kubectl apply --prune --applyset=...`) would
/// delete exactly what git-ops prunes.
@Suite("git ops sync: kubectl's ApplySet prune agrees", .serialized)
struct SyncApplySetTests {
    static let kubectl: String? = ["/usr/local/bin/kubectl", "/usr/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    // kubectl applies with a namespaced parent only the objects of the parent's namespace
    // (and cluster-scoped ones): this environment keeps its objects in `default`, where
    // git-ops keeps the parent.
    @Test("after a sync, kubectl's server dry-run prune of the next render names exactly what git ops would prune")
    func kubectlPruneAgrees() async throws {
        guard let kubectl = Self.kubectl else {
            print("skipped: kubectl is not installed (needed to compare its ApplySet prune)")
            return
        }
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        func configMap(_ name: String) -> String { "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\ndata:\n  k: v\n" }
        let first = try sandbox.commit("first", [
            ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n    cluster: git-ops-test\n    timeout: 30s\n",
            "clusters/dev/kustomization.yaml": "namespace: default\nresources:\n- a.yaml\n- b.yaml\n- c.yaml\n- role.yaml\n",
            "clusters/dev/a.yaml": configMap("a"), "clusters/dev/b.yaml": configMap("b"), "clusters/dev/c.yaml": configMap("c"),
            "clusters/dev/role.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: shop-reader\nrules: []\n",
        ])
        let cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: sandbox.path("kubeconfig"))
        let repository = URL(fileURLWithPath: sandbox.path("repo"))
        let identity = ["GIT_COMMITTER_NAME": "Cy Committer", "GIT_COMMITTER_EMAIL": "cy@example.com", "KUBECONFIG": cluster.kubeconfig]
        let synced = try await CLIRunner.run(["sync", "dev"], in: repository, environment: identity)
        #expect(synced.status == 0, "\(synced.stderr)")

        // A person's ConfigMap beside them, and the next commit dropping b and the ClusterRole.
        try await CLIRunner.shell("\(kubectl) --kubeconfig \(cluster.kubeconfig) -n default create configmap handmade --from-literal=k=v", in: repository)
        try sandbox.git("rm", "-q", "clusters/dev/b.yaml", "clusters/dev/role.yaml")
        try sandbox.commit("drop b and the role", [
            "clusters/dev/kustomization.yaml": "namespace: default\nresources:\n- a.yaml\n- c.yaml\n",
        ])
        _ = first

        // What git ops would prune.
        let plan = try await CLIRunner.run(["sync", "dev", "--dry-run", "--output", "json"], in: repository, environment: identity)
        #expect(plan.status == 0, "\(plan.stderr)")
        let changes = try #require(try JSON.parse(plan.stdout).sequence?.first?["changes"]?.sequence)
        let gitOpsPrunes = Set(changes.filter { $0["action"]?.string == "pruned" }.compactMap { $0["object"]?.string })
        #expect(gitOpsPrunes.count == 2, "\(plan.stdout)")

        // kubectl refuses a set that another tool manages (as the ApplySet design asks), so the
        // test lends it the set through the tooling annotation, and asks for a server dry run.
        let render = try await CLIRunner.run(["render", "clusters/dev"], in: repository)
        #expect(render.status == 0, "\(render.stderr)")
        try render.stdout.write(toFile: sandbox.path("next.yaml"), atomically: true, encoding: .utf8)
        let base = "\(kubectl) --kubeconfig \(cluster.kubeconfig)"
        let tooling = try await CLIRunner.shell("\(base) -n default get configmap git-ops.dev -o jsonpath='{.metadata.annotations.applyset\\.kubernetes\\.io/tooling}'", in: repository)
        #expect(tooling.hasPrefix("git-ops/"))
        try await CLIRunner.shell("\(base) -n default annotate --overwrite configmap git-ops.dev applyset.kubernetes.io/tooling=kubectl/v1.32.0", in: repository)
        let kubectlRun = try await CLIRunner.shell(
            "KUBECTL_APPLYSET=true \(base) -n default apply --server-side --prune --applyset=configmap/git-ops.dev --dry-run=server -f \(sandbox.path("next.yaml"))",
            in: repository)
        try await CLIRunner.shell("\(base) -n default annotate --overwrite configmap git-ops.dev applyset.kubernetes.io/tooling=\(tooling)", in: repository)

        // kubectl prints `configmap/b pruned (server dry run)`; git ops `ConfigMap/default/b`.
        let kubectlPrunes = kubectlRun.split(separator: "\n").filter { $0.contains(" pruned") }
            .map { String($0.split(separator: " ")[0]) }
        #expect(Set(kubectlPrunes) == ["configmap/b", "clusterrole.rbac.authorization.k8s.io/shop-reader"], "\(kubectlRun)")
        #expect(gitOpsPrunes == ["ConfigMap/default/b", "ClusterRole/shop-reader"], "\(gitOpsPrunes)")

        // Then git ops prunes them for real, and the person's ConfigMap stays.
        let pruned = try await CLIRunner.run(["sync", "dev"], in: repository, environment: identity)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        let left = try await CLIRunner.shell("\(base) -n default get configmaps -o name", in: repository)
        #expect(Set(left.split(separator: "\n").map(String.init)) == ["configmap/a", "configmap/c", "configmap/handmade", "configmap/kube-root-ca.crt", "configmap/git-ops.dev"])
        await cluster.stop()
    }

    @Test("across namespaces, the objects the parent's annotations and the part-of label select are the recorded inventory")
    func kubectlSeesTheInventory() async throws {
        guard let kubectl = Self.kubectl else {
            print("skipped: kubectl is not installed (needed to read the ApplySet as kubectl does)")
            return
        }
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        func object(_ kind: String, _ name: String, _ namespace: String) -> String {
            "apiVersion: v1\nkind: \(kind)\nmetadata:\n  name: \(name)\n  namespace: \(namespace)\n"
        }
        try sandbox.commit("two namespaces", [
            ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n    cluster: git-ops-test\n    timeout: 30s\n",
            "clusters/dev/kustomization.yaml": "resources:\n- ns.yaml\n- objects.yaml\n",
            "clusters/dev/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ledger\n",
            "clusters/dev/objects.yaml": [object("ConfigMap", "a", "shop"), object("ConfigMap", "b", "ledger"),
                                          object("ServiceAccount", "robot", "ledger"), object("Service", "web", "shop") + "spec:\n  ports:\n  - port: 80\n"]
                .joined(separator: "---\n"),
        ])
        let cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: sandbox.path("kubeconfig"))
        let repository = URL(fileURLWithPath: sandbox.path("repo"))
        let synced = try await CLIRunner.run(["sync", "dev"], in: repository,
                                       environment: ["GIT_COMMITTER_NAME": "Cy", "GIT_COMMITTER_EMAIL": "cy@example.com", "KUBECONFIG": cluster.kubeconfig])
        #expect(synced.status == 0, "\(synced.stderr)")
        let base = "\(kubectl) --kubeconfig \(cluster.kubeconfig)"
        func parent(_ path: String) async throws -> String {
            try await CLIRunner.shell("\(base) -n default get configmap git-ops.dev -o jsonpath='{\(path)}'", in: repository)
        }
        let id = try await parent(".metadata.labels.applyset\\.kubernetes\\.io/id")
        let kinds = try await parent(".metadata.annotations.applyset\\.kubernetes\\.io/contains-group-kinds").split(separator: ",").map(String.init)
        let namespaces = await ["default"] + (try parent(".metadata.annotations.applyset\\.kubernetes\\.io/additional-namespaces")).split(separator: ",").map(String.init)
        #expect(kinds == ["ConfigMap", "Namespace", "Service", "ServiceAccount"])
        #expect(namespaces == ["default", "ledger", "shop"])
        // kubectl's prune lists each group-kind in each of the set's namespaces by the part-of label.
        var seen: Set<String> = []
        for kind in kinds {
            let listing = try await CLIRunner.shell(
                "\(base) get \(kind) -A -l applyset.kubernetes.io/part-of=\(id) -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}'",
                in: repository)
            for line in listing.split(separator: "\n") {
                let parts = line.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                #expect(parts[0].isEmpty || namespaces.contains(parts[0]), "\(kind) \(line) is outside the set's namespaces")
                seen.insert("\(parts[0].isEmpty ? "_cluster" : parts[0])/core/\(kind)/\(parts[1]).yaml")
            }
        }
        let inventory = Set(try sandbox.git("ls-tree", "-r", "--name-only", "refs/ops/deploy/dev").split(separator: "\n").map(String.init))
        #expect(seen == inventory)
        #expect(inventory.count == 6)
        await cluster.stop()
    }
}
