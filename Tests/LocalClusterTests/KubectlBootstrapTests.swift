import Foundation
import Testing
@testable import LocalCluster

/// What a fresh cluster holds before anyone writes to it, as kind's does.
@Suite("a fresh cluster's own objects", .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
struct KubectlBootstrapTests {
    @Test("default/kubernetes is a ClusterIP Service on 443 labelled as the apiserver's, and get ns lists the four namespaces")
    func kubernetesService() async throws {
        let kubectl = try Kubectl(server: try await TestCluster.server().url)
        let service = try await kubectl.run(["get", "svc", "kubernetes", "-n", "default", "-o",
                                             "jsonpath={.spec.type} {.spec.clusterIP} {.spec.ports[0].name}/{.spec.ports[0].port} {.metadata.labels.component} {.metadata.labels.provider} {.spec.ipFamilyPolicy}"])
        #expect(service.stdout == "ClusterIP 10.96.0.1 https/443 apiserver kubernetes SingleStack", "\(service)")
        let table = try await kubectl.run(["get", "svc", "kubernetes", "-n", "default", "--no-headers"])
        #expect(table.stdout.split(separator: " ", omittingEmptySubsequences: true).prefix(5).joined(separator: " ")
                == "kubernetes ClusterIP 10.96.0.1 <none> 443/TCP", "\(table)")
        let namespaces = try await kubectl.run(["get", "ns", "-o", "name"])
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            #expect(namespaces.stdout.contains("namespace/\(name)\n"), "\(namespaces)")
        }
    }

    @Test("a Service is given the defaults and IP family a single-stack cluster records")
    func serviceDefaults() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("svc")
        let created = try await kubectl.run(["create", "service", "nodeport", "edge", "--tcp=80:8080", "-n", namespace])
        #expect(created.status == 0, "\(created)")
        let spec = try await kubectl.run(["get", "svc", "edge", "-n", namespace, "-o",
                                          "jsonpath={.spec.ipFamilies} {.spec.ipFamilyPolicy} {.spec.internalTrafficPolicy} {.spec.externalTrafficPolicy}"])
        #expect(spec.stdout == #"["IPv4"] SingleStack Cluster Cluster"#, "\(spec)")
    }

    @Test("a CRD and one of its objects in one file: applied twice, deleted, applied again, as against a real cluster")
    func crdAndObjectInOneFile() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("crdcr")
        let group = "\(namespace).example.com"
        let file = kubectl.workDirectory.appendingPathComponent("crd-and-cr.yaml")
        let crd = CRDManifest.yaml(group: group, kind: "Sprocket", plural: "sprockets", schema: """
                    type: object
                    properties:
                      spec: {type: object, properties: {size: {type: integer}}}
            """)
        try """
            \(crd)
            ---
            apiVersion: \(group)/v1
            kind: Sprocket
            metadata: {name: s1, namespace: \(namespace), finalizers: [example.com/hold]}
            spec: {size: 3}
            """.write(to: file, atomically: true, encoding: .utf8)
        // kubectl maps every object before it applies any, so the first run creates only the CRD
        // (kubectl's own message); the second creates the object.
        let first = try await kubectl.run(["apply", "-f", file.path])
        #expect(first.stdout == "customresourcedefinition.apiextensions.k8s.io/sprockets.\(group) created\n", "\(first)")
        #expect(first.stderr.contains("ensure CRDs are installed first"), "\(first)")
        let second = try await kubectl.run(["apply", "-f", file.path])
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("sprocket.\(group)/s1 created\n"), "\(second)")
        // The CRD stays, Terminating and served, until its objects are gone (the object's own
        // finalizer holds it here), so the object is still there to delete.
        let deleted = try await kubectl.run(["delete", "--wait=false", "-f", file.path])
        #expect(deleted.status == 0, "\(deleted)")
        #expect(deleted.stdout == "customresourcedefinition.apiextensions.k8s.io \"sprockets.\(group)\" deleted\nsprocket.\(group) \"s1\" deleted\n",
                "\(deleted)")
        let held = try await kubectl.run(["get", "crd", "sprockets.\(group)", "-o", "jsonpath={.metadata.finalizers}"])
        #expect(held.stdout == #"["customresourcecleanup.apiextensions.k8s.io"]"#, "\(held)")
        let released = try await kubectl.run(["patch", "sprockets.\(group)", "s1", "-n", namespace, "--type=merge",
                                              "-p", #"{"metadata":{"finalizers":null}}"#])
        #expect(released.status == 0, "\(released)")
        let gone = try await kubectl.run(["wait", "--for=delete", "crd/sprockets.\(group)", "--timeout=60s"])
        #expect(gone.status == 0, "\(gone)")
        // Now kubectl's cached discovery knows the kind but OpenAPI v3 does not: it asks OpenAPI v2,
        // finds no schema, and leaves validation to the server.
        let again = try await kubectl.run(["apply", "-f", file.path])
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout == "customresourcedefinition.apiextensions.k8s.io/sprockets.\(group) created\nsprocket.\(group)/s1 created\n",
                "\(again)")
        let size = try await kubectl.run(["get", "sprockets.\(group)", "s1", "-n", namespace, "-o", "jsonpath={.spec.size}"])
        #expect(size.stdout == "3", "\(size)")
        _ = try await kubectl.run(["patch", "sprockets.\(group)", "s1", "-n", namespace, "--type=merge",
                                   "-p", #"{"metadata":{"finalizers":null}}"#])
    }

    @Test("kubectl get nodes lists the cluster's one Ready control-plane node, the node its pods report")
    func node() async throws {
        let kubectl = try Kubectl(server: try await TestCluster.server().url)
        let table = try await kubectl.run(["get", "nodes", "--no-headers"])
        let columns = table.stdout.split(separator: " ", omittingEmptySubsequences: true)
        #expect(columns.count == 5, "\(table)")
        #expect(columns.first == "git-ops-local-control-plane" && columns[1] == "Ready" && columns[2] == "control-plane", "\(table)")
        #expect(columns.last == "v1.32.4\n", "\(table)")
        let described = try await kubectl.run(["describe", "node", "git-ops-local-control-plane"])
        #expect(described.status == 0, "\(described)")
        #expect(described.stdout.contains("InternalIP:  10.0.0.1"), "\(described)")
    }

    @Test("every namespace gets a ServiceAccount default, made again when deleted")
    func defaultServiceAccount() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("sa")
        let waited = try await kubectl.run(["wait", "--for=create", "serviceaccount/default", "-n", namespace, "--timeout=60s"])
        #expect(waited.status == 0, "\(waited)")
        let listed = try await kubectl.run(["get", "sa", "-n", namespace, "-o", "name"])
        #expect(listed.stdout == "serviceaccount/default\n", "\(listed)")
        let deleted = try await kubectl.run(["delete", "sa", "default", "-n", namespace])
        #expect(deleted.status == 0, "\(deleted)")
        let again = try await kubectl.run(["wait", "--for=create", "serviceaccount/default", "-n", namespace, "--timeout=60s"])
        #expect(again.status == 0, "\(again)")
        let system = try await kubectl.run(["get", "sa", "default", "-n", "kube-system", "-o", "name"])
        #expect(system.stdout == "serviceaccount/default\n", "\(system)")
    }

    @Test("kubectl get storageclass shows kind's standard class, marked as the default")
    func storageClass() async throws {
        let kubectl = try Kubectl(server: try await TestCluster.server().url)
        let table = try await kubectl.run(["get", "storageclass", "--no-headers"])
        let columns = table.stdout.split(separator: " ", omittingEmptySubsequences: true)
        #expect(columns.prefix(6).joined(separator: " ") == "standard (default) rancher.io/local-path Delete WaitForFirstConsumer false",
                "\(table)")
        let name = TestCluster.uniqueName("sc")
        let file = kubectl.workDirectory.appendingPathComponent("sc.yaml")
        try "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: \(name)}\nprovisioner: example.com/fast\n"
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(try await kubectl.run(["apply", "-f", file.path]).status == 0)
        let defaults = try await kubectl.run(["get", "sc", name, "-o", "jsonpath={.reclaimPolicy} {.volumeBindingMode}"])
        #expect(defaults.stdout == "Delete Immediate", "\(defaults)")
        #expect(try await kubectl.run(["delete", "sc", name]).status == 0)
    }

    @Test("every namespace holds the ConfigMap kube-root-ca.crt, put back when deleted or changed, and left alone by prune")
    func rootCAConfigMap() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("rootca")
        let created = try await kubectl.run(["wait", "--for=create", "configmap/kube-root-ca.crt", "-n", namespace, "--timeout=60s"])
        #expect(created.status == 0, "\(created)")
        let read = ["get", "configmap", "kube-root-ca.crt", "-n", namespace, "-o", #"jsonpath={.data.ca\.crt}"#]
        let bundle = try await kubectl.run(read).stdout
        #expect(bundle.hasPrefix("-----BEGIN CERTIFICATE-----\n") && bundle.hasSuffix("-----END CERTIFICATE-----\n"), "\(bundle)")
        let description = try await kubectl.run(["get", "configmap", "kube-root-ca.crt", "-n", namespace, "-o",
                                                 #"jsonpath={.metadata.annotations.kubernetes\.io/description}"#])
        #expect(description.stdout.hasPrefix("Contains a CA bundle that can be used to verify the kube-apiserver"), "\(description)")

        // kubectl's prune deletes what it applied before and no longer applies, never this.
        let directory = kubectl.workDirectory.appendingPathComponent("prune")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in ["deploy.yaml", "cm.yaml"] {
            try FileManager.default.copyItem(atPath: Kubectl.fixture(file), toPath: directory.appendingPathComponent(file).path)
        }
        _ = try await kubectl.run(["apply", "--prune", "--all", "-n", namespace, "-f", directory.path])
        try FileManager.default.removeItem(at: directory.appendingPathComponent("cm.yaml"))
        let pruned = try await kubectl.run(["apply", "--prune", "--all", "-n", namespace, "-f", directory.path])
        #expect(pruned.stdout.contains("configmap/settings pruned\n") && !pruned.stdout.contains("kube-root-ca.crt"), "\(pruned)")
        let kept = try await kubectl.run(["get", "configmap", "-n", namespace, "-o", "name"])
        #expect(kept.stdout == "configmap/kube-root-ca.crt\n", "\(kept)")

        let deleted = try await kubectl.run(["delete", "configmap", "kube-root-ca.crt", "-n", namespace])
        #expect(deleted.status == 0, "\(deleted)")
        let again = try await kubectl.run(["wait", "--for=create", "configmap/kube-root-ca.crt", "-n", namespace, "--timeout=60s"])
        #expect(again.status == 0, "\(again)")
        let changed = try await kubectl.run(["patch", "configmap", "kube-root-ca.crt", "-n", namespace, "--type=merge",
                                             "-p", #"{"data":{"ca.crt":"changed"}}"#])
        #expect(changed.status == 0, "\(changed)")
        let restored = try await ObjectLifecycleTests.eventually { try await kubectl.run(read).stdout == bundle }
        #expect(restored)
        let system = try await kubectl.run(["get", "configmap", "kube-root-ca.crt", "-n", "kube-system", "-o", "name"])
        #expect(system.stdout == "configmap/kube-root-ca.crt\n", "\(system)")
    }
}
