import Foundation
import Testing
@testable import LocalCluster

/// kube-api.md §14, lines 14–26: dry runs, client-side apply, CRDs, rollouts, deletion, pruning and paging.
@Suite("kubectl checklist: workflows", .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
struct KubectlWorkflowTests {
    typealias Setup = KubectlChecklistTests

    @Test("apply --dry-run=server reports the apply and changes nothing")
    func serverDryRun() async throws {
        let (kubectl, namespace) = try await Setup.withDeployment()
        let before = try await kubectl.run(["get", "deploy", "web", "-n", namespace, "-o", "jsonpath={.metadata.resourceVersion} {.spec.replicas}"]).stdout
        let result = try await kubectl.run(["apply", "--server-side", "--force-conflicts", "--dry-run=server", "-n", namespace,
                                      "-f", Kubectl.fixture("deploy2.yaml")])
        #expect(result.stdout == "deployment.apps/web serverside-applied (server dry run)\n", "\(result)")
        let after = try await kubectl.run(["get", "deploy", "web", "-n", namespace, "-o", "jsonpath={.metadata.resourceVersion} {.spec.replicas}"]).stdout
        #expect(after == before)
        #expect(after.hasSuffix(" 2"))
    }

    @Test("client-side apply: created, configured, unchanged")
    func clientSideApply() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        var outputs: [String] = []
        for file in ["cm.yaml", "cm2.yaml", "cm2.yaml"] {
            outputs.append(try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture(file)]).stdout)
        }
        #expect(outputs == ["configmap/settings created\n", "configmap/settings configured\n", "configmap/settings unchanged\n"])
        let data = try await kubectl.run(["get", "cm", "settings", "-n", namespace, "-o", "jsonpath={.data}"]).stdout
        #expect(data == #"{"a":"1","c":"3"}"#)
    }

    @Test("a CRD becomes Established and its kind is served by short name")
    func customResources() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        let crd = try await kubectl.run(["apply", "-f", Kubectl.fixture("crd.yaml")])
        #expect(crd.status == 0, "\(crd)")
        let established = try await kubectl.run(["wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=60s"])
        #expect(established.stdout == "customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met\n", "\(established)")
        let widget = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("widget.yaml")])
        #expect(widget.stdout == "widget.example.com/w1 serverside-applied\n", "\(widget)")
        let listed = try await kubectl.run(["get", "wd", "-n", namespace])
        #expect(listed.stdout.split(separator: "\n").dropFirst().first?.hasPrefix("w1 ") == true, "\(listed)")
        let merged = try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture("widget2.yaml")])
        #expect(merged.stdout == "widget.example.com/w1 configured\n", "\(merged)")
        let size = try await kubectl.run(["get", "wd", "w1", "-n", namespace, "-o", "jsonpath={.spec.size}"]).stdout
        #expect(size == "4")
    }

    @Test("kubectl scale writes through the scale subresource")
    func scale() async throws {
        let (kubectl, namespace) = try await Setup.withDeployment()
        let result = try await kubectl.run(["scale", "deploy", "web", "--replicas=3", "-n", namespace])
        #expect(result.stdout == "deployment.apps/web scaled\n", "\(result)")
        let replicas = try await kubectl.run(["get", "deploy", "web", "-n", namespace, "-o", "jsonpath={.spec.replicas}"]).stdout
        #expect(replicas == "3")
    }

    @Test("the fail-rollout annotation makes rollout status fail on the progress deadline")
    func failedRollout() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        _ = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy-fail.yaml")])
        let result = try await kubectl.run(["rollout", "status", "deployment/web", "-n", namespace, "--timeout=60s"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("error: deployment \"web\" exceeded its progress deadline"), "\(result)")
    }

    @Test("StatefulSets and DaemonSets roll out and Jobs complete")
    func workloads() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        let applied = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("sts.yaml")])
        #expect(applied.stdout == "statefulset.apps/db serverside-applied\ndaemonset.apps/agent serverside-applied\njob.batch/migrate serverside-applied\n", "\(applied)")
        let statefulSet = try await kubectl.run(["rollout", "status", "sts/db", "-n", namespace, "--timeout=60s"])
        #expect(statefulSet.stdout.hasSuffix("partitioned roll out complete: 2 new pods have been updated...\n"), "\(statefulSet)")
        let daemonSet = try await kubectl.run(["rollout", "status", "ds/agent", "-n", namespace, "--timeout=60s"])
        #expect(daemonSet.stdout.hasSuffix("daemon set \"agent\" successfully rolled out\n"), "\(daemonSet)")
        let job = try await kubectl.run(["wait", "--for=condition=Complete", "job/migrate", "-n", namespace, "--timeout=60s"])
        #expect(job.stdout == "job.batch/migrate condition met\n", "\(job)")
    }

    @Test("delete --cascade=foreground waits for the watch to see the Deployment and its ReplicaSets go")
    func foregroundDelete() async throws {
        let (kubectl, namespace) = try await Setup.withDeployment()
        let replicaSets = try await kubectl.run(["get", "rs", "-n", namespace, "-o", "name"]).stdout
        #expect(replicaSets.hasPrefix("replicaset.apps/web-"), "\(replicaSets)")
        let result = try await kubectl.run(["delete", "deploy", "web", "-n", namespace, "--cascade=foreground"])
        #expect(result.stdout == "deployment.apps \"web\" deleted\n", "\(result)")
        let gone = try await kubectl.run(["get", "deploy", "web", "-n", namespace])
        #expect(gone.stderr.contains("NotFound"))
        let remaining = try await kubectl.run(["get", "rs", "-n", namespace, "-o", "name"]).stdout
        #expect(remaining.isEmpty)
    }

    @Test("apply --prune -l deletes the object whose file was removed")
    func legacyPrune() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        let directory = kubectl.workDirectory.appendingPathComponent("set")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in ["deploy.yaml", "cm.yaml"] {
            try FileManager.default.copyItem(atPath: Kubectl.fixture(file), toPath: directory.appendingPathComponent(file).path)
        }
        let first = try await kubectl.run(["apply", "--prune", "-l", "app=web", "-n", namespace, "-f", directory.path])
        #expect(first.stdout.contains("configmap/settings created"), "\(first)")
        try FileManager.default.removeItem(at: directory.appendingPathComponent("cm.yaml"))
        let second = try await kubectl.run(["apply", "--prune", "-l", "app=web", "-n", namespace, "-f", directory.path])
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("configmap/settings pruned"), "\(second)")
    }

    @Test("an ApplySet prunes what its second apply no longer contains")
    func applySetPrune() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        let directory = kubectl.workDirectory.appendingPathComponent("applyset")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in ["deploy.yaml", "cm.yaml"] {
            try FileManager.default.copyItem(atPath: Kubectl.fixture(file), toPath: directory.appendingPathComponent(file).path)
        }
        let arguments = ["apply", "--server-side", "--applyset=myset", "--prune", "-n", namespace, "-f", directory.path]
        let first = try await kubectl.run(arguments, environment: ["KUBECTL_APPLYSET": "true"])
        #expect(first.stdout.contains("configmap/settings serverside-applied"), "\(first)")
        try FileManager.default.removeItem(at: directory.appendingPathComponent("cm.yaml"))
        let second = try await kubectl.run(arguments, environment: ["KUBECTL_APPLYSET": "true"])
        #expect(second.stdout.contains("configmap/settings pruned"), "\(second)")
    }

    @Test("get --chunk-size=1 pages with limit and continue, one request per item")
    func paging() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        // Every namespace also holds kube-root-ca.crt, made by a controller.
        _ = try await kubectl.run(["wait", "--for=create", "configmap/kube-root-ca.crt", "-n", namespace, "--timeout=60s"])
        for name in ["one", "two", "three"] {
            _ = try await kubectl.run(["create", "configmap", name, "-n", namespace, "--from-literal=k=v"])
        }
        let result = try await kubectl.run(["get", "cm", "-n", namespace, "--chunk-size=1", "-v=6"])
        let names = result.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first }
        #expect(names == ["kube-root-ca.crt", "one", "three", "two"], "\(result)")
        let requests = result.stderr.split(separator: "\n").filter { $0.contains("GET") && $0.contains("/configmaps?") }
        #expect(requests.count == 4, "\(result.stderr)")
        #expect(requests.first?.contains("continue=") == false)
        #expect(requests.dropFirst().allSatisfy { $0.contains("continue=") && $0.contains("limit=1") })
    }

    @Test("a missing object is a NotFound kubectl prints")
    func notFound() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        let result = try await kubectl.run(["get", "deploy", "nope", "-n", namespace])
        #expect(result.status == 1)
        #expect(result.stderr == "Error from server (NotFound): deployments.apps \"nope\" not found\n", "\(result)")
    }

    @Test("deleting a namespace deletes its contents and then the namespace")
    func deleteNamespace() async throws {
        let (kubectl, namespace) = try await Setup.withDeployment()
        _ = try await kubectl.run(["create", "configmap", "inside", "-n", namespace, "--from-literal=k=v"])
        let result = try await kubectl.run(["delete", "ns", namespace])
        #expect(result.stdout == "namespace \"\(namespace)\" deleted\n", "\(result)")
        let gone = try await kubectl.run(["get", "ns", namespace])
        #expect(gone.stderr == "Error from server (NotFound): namespaces \"\(namespace)\" not found\n", "\(gone)")
        let contents = try await kubectl.run(["get", "cm,deploy,rs", "-n", namespace, "-o", "name"])
        #expect(contents.stdout.isEmpty, "\(contents)")
    }

    @Test("a terminating namespace refuses new content with 403: objects by name or generateName, and tokens")
    func terminatingNamespace() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        _ = try await kubectl.run(["create", "configmap", "held", "-n", namespace, "--from-literal=k=v"])
        _ = try await kubectl.run(["patch", "configmap", "held", "-n", namespace, "--type=merge",
                                   "-p", #"{"metadata":{"finalizers":["example.com/hold"]}}"#])
        let deleted = try await kubectl.run(["delete", "namespace", namespace, "--wait=false"])
        #expect(deleted.status == 0, "\(deleted)")
        let why = "is forbidden: unable to create new content in namespace \(namespace) because it is being terminated"
        let file = kubectl.workDirectory.appendingPathComponent("generated.yaml")
        try "apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: web-}\ndata: {k: v}\n".write(to: file, atomically: true, encoding: .utf8)
        let generated = try await kubectl.run(["create", "-n", namespace, "-f", file.path])
        #expect(generated.stderr == "Error from server (Forbidden): error when creating \"\(file.path)\": configmaps \"web-\" \(why)\n", "\(generated)")
        let applied = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("cm.yaml")])
        #expect(applied.stderr == "Error from server (Forbidden): configmaps \"settings\" \(why)\n", "\(applied)")
        let token = try await kubectl.run(["create", "token", "default", "-n", namespace])
        #expect(token.stderr == "error: failed to create token: serviceaccounts \"default\" \(why)\n", "\(token)")
        _ = try await kubectl.run(["patch", "configmap", "held", "-n", namespace, "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#])
    }

    @Test("apply --server-side over a client-side-applied object removes the field the file dropped")
    func clientToServerSideMigration() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        _ = try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture("cm.yaml")])
        let result = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("cm2.yaml")])
        #expect(result.stdout == "configmap/settings serverside-applied\n", "\(result)")
        let data = try await kubectl.run(["get", "cm", "settings", "-n", namespace, "-o", "jsonpath={.data}"]).stdout
        #expect(data == #"{"a":"1","c":"3"}"#)
    }

    @Test("apply --server-side of a file without a container it applied before removes that container")
    func serverSideApplyRemovesListItem() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        _ = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy-csa.yaml")])
        let result = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy-csa2.yaml")])
        #expect(result.stdout == "deployment.apps/api serverside-applied\n", "\(result)")
        let containers = try await kubectl.run(["get", "deploy", "api", "-n", namespace, "-o",
                                                "jsonpath={.spec.template.spec.containers[*].name} {.spec.template.spec.containers[0].env[*].name}"])
        #expect(containers.stdout == "a X", "\(containers)")
    }

    /// The last-applied annotation of an object, as `kubectl get -o jsonpath` prints it.
    static func lastApplied(_ kubectl: Kubectl, _ object: String, _ namespace: String) async throws -> String {
        try await kubectl.run(["get", object, "-n", namespace, "-o",
                               #"jsonpath={.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}"#]).stdout
    }

    @Test("apply --server-side takes over what client-side apply set without a conflict, and rewrites its last-applied annotation")
    func clientToServerSideUpgrade() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        _ = try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture("deploy-csa.yaml")])
        // The image changes and a container goes: fields kubectl-client-side-apply holds.
        let result = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy-csa2.yaml")])
        #expect(result.stdout == "deployment.apps/api serverside-applied\n", "\(result)")
        let containers = try await kubectl.run(["get", "deploy", "api", "-n", namespace, "-o",
                                                "jsonpath={.spec.template.spec.containers[*].name} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[*].name}"])
        #expect(containers.stdout == "a busybox:1.37 X", "\(containers)")
        let annotation = try await Self.lastApplied(kubectl, "deploy/api", namespace)
        #expect(annotation == #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api","namespace":"\#(namespace)"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"api"}},"template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"env":[{"name":"X","value":"1"}],"image":"busybox:1.37","name":"a"}]}}}}"# + "\n",
                "\(annotation)")
    }

    @Test("the upgrade still refuses a conflict the last-applied annotation does not account for, and names only that one")
    func clientToServerSideUpgradeConflict() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        _ = try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture("deploy-csa.yaml")])
        let patched = try await kubectl.run(["patch", "deploy", "api", "-n", namespace, "--type=merge", "-p", #"{"spec":{"replicas":3}}"#])
        #expect(patched.status == 0, "\(patched)")
        // The image conflict with kubectl-client-side-apply is allowed; the replicas one is not.
        let result = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy-csa2.yaml")])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.hasPrefix(#"error: Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas"# + "\n"),
                "\(result)")
    }

    @Test("apply --server-side --force-conflicts over a client-side-applied object rewrites its last-applied annotation")
    func forcedUpgradeRewritesLastApplied() async throws {
        let (kubectl, namespace) = try await Setup.setUp()
        _ = try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture("cm.yaml")])
        let result = try await kubectl.run(["apply", "--server-side", "--force-conflicts", "-n", namespace, "-f", Kubectl.fixture("cm2.yaml")])
        #expect(result.stdout == "configmap/settings serverside-applied\n", "\(result)")
        let annotation = try await Self.lastApplied(kubectl, "configmap/settings", namespace)
        #expect(annotation == #"{"apiVersion":"v1","data":{"a":"1","c":"3"},"kind":"ConfigMap","metadata":{"labels":{"app":"web"},"name":"settings","namespace":"\#(namespace)"}}"# + "\n",
                "\(annotation)")
    }
}
