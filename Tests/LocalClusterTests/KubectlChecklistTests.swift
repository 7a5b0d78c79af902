import Foundation
import Testing
@testable import LocalCluster

/// kube-api.md §14, lines 1–13: the real kubectl reads, applies and diffs against the local cluster.
/// Each test works in a namespace of its own, so the tests do not depend on each other's order.
@Suite("kubectl checklist: discovery, apply, get, conflicts", .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
struct KubectlChecklistTests {
    /// A kubectl for the shared cluster and a fresh namespace.
    static func setUp(_ prefix: String = "t") async throws -> (Kubectl, String) {
        let server = try await TestCluster.server()
        let kubectl = try Kubectl(server: server.url)
        let namespace = TestCluster.uniqueName(prefix)
        let created = try await kubectl.run(["create", "namespace", namespace])
        #expect(created.status == 0, "\(created)")
        return (kubectl, namespace)
    }

    /// A namespace with the probe's Deployment applied and rolled out.
    static func withDeployment() async throws -> (Kubectl, String) {
        let (kubectl, namespace) = try await setUp("deploy")
        let applied = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy.yaml")])
        #expect(applied.stdout == "deployment.apps/web serverside-applied\n", "\(applied)")
        let rollout = try await kubectl.run(["rollout", "status", "deployment/web", "-n", namespace, "--timeout=60s"])
        #expect(rollout.status == 0, "\(rollout)")
        return (kubectl, namespace)
    }

    @Test("kubectl version picks kubectl 1.32 from the server's /version")
    func version() async throws {
        let kubectl = try Kubectl(server: try await TestCluster.server().url)
        let result = try await kubectl.run(["version"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Server Version: v1.32.4"), "\(result)")
    }

    @Test("kubectl api-resources lists the built-in kinds with short names and scope")
    func apiResources() async throws {
        let kubectl = try Kubectl(server: try await TestCluster.server().url)
        let result = try await kubectl.run(["api-resources"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("deployments deploy apps/v1 true Deployment"), "\(result)")
        #expect(lines.contains("namespaces ns v1 false Namespace"), "\(result)")
        #expect(lines.contains("customresourcedefinitions crd,crds apiextensions.k8s.io/v1 false CustomResourceDefinition"))
    }

    @Test("kubectl create namespace is decoded from protobuf and created")
    func createNamespace() async throws {
        let kubectl = try Kubectl(server: try await TestCluster.server().url)
        let name = TestCluster.uniqueName("proto")
        let result = try await kubectl.run(["create", "namespace", name])
        #expect(result.stdout == "namespace/\(name) created\n", "\(result)")
        let labels = try await kubectl.run(["get", "namespace", name, "-o", "jsonpath={.metadata.labels.kubernetes\\.io/metadata\\.name} {.status.phase}"])
        #expect(labels.stdout == "\(name) Active")
    }

    @Test("kubectl apply --server-side creates a Deployment")
    func serverSideApply() async throws {
        let (kubectl, namespace) = try await Self.setUp()
        let result = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy.yaml")])
        #expect(result.status == 0)
        #expect(result.stdout == "deployment.apps/web serverside-applied\n", "\(result)")
    }

    @Test("kubectl get prints the Deployment table")
    func getTable() async throws {
        let (kubectl, namespace) = try await Self.withDeployment()
        let result = try await kubectl.run(["get", "deploy", "-n", namespace])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.split(separator: " ") == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], "\(result)")
        #expect(lines.dropFirst().first?.split(separator: " ").prefix(4) == ["web", "2/2", "2", "2"], "\(result)")
    }

    @Test("kubectl get -o yaml shows server metadata, defaults and observed status")
    func getYAML() async throws {
        let (kubectl, namespace) = try await Self.withDeployment()
        let yaml = try await kubectl.run(["get", "deploy", "web", "-n", namespace, "-o", "yaml"]).stdout
        for expected in ["  uid: ", "  resourceVersion: \"", "  generation: 1\n", "  strategy:\n    rollingUpdate:\n      maxSurge: 25%",
                         "    type: RollingUpdate", "  observedGeneration: 1\n", "imagePullPolicy: IfNotPresent"] {
            #expect(yaml.contains(expected), "missing \(expected) in\n\(yaml)")
        }
    }

    @Test("kubectl get -A -l selects across namespaces with a NAMESPACE column")
    func getAllNamespacesWithSelector() async throws {
        let (kubectl, namespace) = try await Self.withDeployment()
        let result = try await kubectl.run(["get", "deploy", "-A", "-l", "app=web"])
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ") }
        #expect(lines.first?.prefix(2) == ["NAMESPACE", "NAME"], "\(result)")
        #expect(lines.contains { $0.prefix(2) == [Substring(namespace), "web"] }, "\(result)")
        let none = try await kubectl.run(["get", "deploy", "-A", "-l", "app=nothing-has-this"])
        #expect(none.stderr.contains("No resources found"), "\(none)")
    }

    @Test("kubectl describe shows the replica counts of a rolled-out Deployment")
    func describe() async throws {
        let (kubectl, namespace) = try await Self.withDeployment()
        let result = try await kubectl.run(["describe", "deployment", "web", "-n", namespace])
        #expect(result.stdout.contains("Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable"), "\(result)")
        #expect(result.stdout.contains("NewReplicaSet:"), "\(result)")
    }

    @Test("kubectl rollout status waits for the simulated rollout")
    func rolloutStatus() async throws {
        let (kubectl, namespace) = try await Self.setUp()
        _ = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy.yaml")])
        let result = try await kubectl.run(["rollout", "status", "deployment/web", "-n", namespace, "--timeout=60s"])
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("deployment \"web\" successfully rolled out\n"), "\(result)")
    }

    @Test("kubectl wait --for=condition=Available is met")
    func waitAvailable() async throws {
        let (kubectl, namespace) = try await Self.setUp()
        _ = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy.yaml")])
        let result = try await kubectl.run(["wait", "--for=condition=Available", "deployment/web", "-n", namespace, "--timeout=60s"])
        #expect(result.stdout == "deployment.apps/web condition met\n", "\(result)")
    }

    @Test("a second manager changing an owned field gets the exact conflict")
    func applyConflict() async throws {
        let (kubectl, namespace) = try await Self.withDeployment()
        let result = try await kubectl.run(["apply", "--server-side", "--field-manager=other", "-n", namespace, "-f", Kubectl.fixture("deploy-other.yaml")])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas\n"), "\(result)")
    }

    @Test("--force-conflicts takes the field: only the new manager owns .spec.replicas")
    func forceConflicts() async throws {
        let (kubectl, namespace) = try await Self.withDeployment()
        let result = try await kubectl.run(["apply", "--server-side", "--force-conflicts", "--field-manager=other", "-n", namespace,
                                      "-f", Kubectl.fixture("deploy-other.yaml")])
        #expect(result.stdout == "deployment.apps/web serverside-applied\n", "\(result)")
        let json = try await kubectl.run(["get", "deploy", "web", "-n", namespace, "-o", "json", "--show-managed-fields"]).stdout
        let owners = try Self.managersOwning(["f:spec", "f:replicas"], in: json)
        #expect(owners == ["other"], "\(json)")
    }

    @Test("kubectl diff --server-side shows the change and exits 1")
    func diffServerSide() async throws {
        let (kubectl, namespace) = try await Self.withDeployment()
        _ = try await kubectl.run(["apply", "--server-side", "--force-conflicts", "--field-manager=other", "-n", namespace,
                             "-f", Kubectl.fixture("deploy-other.yaml")])
        let result = try await kubectl.run(["diff", "--server-side", "--force-conflicts", "-n", namespace, "-f", Kubectl.fixture("deploy2.yaml")])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("\n-  replicas: 5\n"), "\(result)")
        #expect(result.stdout.contains("\n+  replicas: 3\n"), "\(result)")
        #expect(result.stdout.contains("+      - image: nginx:1.26"), "\(result)")
    }

    /// The managers whose FieldsV1 include `path`.
    static func managersOwning(_ path: [String], in json: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let entries = (object?["metadata"] as? [String: Any])?["managedFields"] as? [[String: Any]] ?? []
        return entries.compactMap { entry in
            var node: Any? = entry["fieldsV1"]
            for element in path { node = (node as? [String: Any])?[element] }
            return node == nil ? nil : entry["manager"] as? String
        }
    }
}
