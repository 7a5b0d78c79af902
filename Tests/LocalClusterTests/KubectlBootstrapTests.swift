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
}
