import Foundation
import Testing
@testable import LocalCluster

/// Commands platform engineers run beyond apply and get: access checks, autoscaling, jobs.
@Suite("kubectl: access reviews, autoscaling, jobs", .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
struct KubectlPlatformTests {
    typealias Setup = KubectlChecklistTests

    @Test("kubectl auth can-i answers yes for everything, lists wildcard rules, and whoami names the admin")
    func authCanI() async throws {
        let (kubectl, namespace) = try await Setup.setUp("auth")
        let single = try await kubectl.run(["auth", "can-i", "create", "deployments", "-n", namespace])
        #expect(single.stdout == "yes\n", "\(single)")
        let everything = try await kubectl.run(["auth", "can-i", "*", "*", "--all-namespaces"])
        #expect(everything.stdout == "yes\n", "\(everything)")
        let list = try await kubectl.run(["auth", "can-i", "--list", "-n", namespace])
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(rows.contains("*.* [] [] [*]"), "\(list)")
        let whoami = try await kubectl.run(["auth", "whoami"])
        #expect(whoami.stdout.contains("kubernetes-admin"), "\(whoami)")
        let resources = try await kubectl.run(["api-resources", "--api-group=authorization.k8s.io", "-o", "name"])
        #expect(resources.stdout.contains("selfsubjectaccessreviews.authorization.k8s.io"), "\(resources)")
    }

    @Test("kubectl autoscale creates an autoscaling/v1 HPA that reads back as v2 metrics, and v1 patches convert")
    func autoscale() async throws {
        let (kubectl, namespace) = try await Setup.withDeployment()
        let created = try await kubectl.run(["autoscale", "deploy", "web", "-n", namespace, "--min=2", "--max=5", "--cpu-percent=70"])
        #expect(created.stdout == "horizontalpodautoscaler.autoscaling/web autoscaled\n", "\(created)")
        let v2 = try await kubectl.run(["get", "hpa", "web", "-n", namespace, "-o",
                                        "jsonpath={.apiVersion} {.spec.minReplicas} {.spec.metrics[0].resource.target.averageUtilization}"])
        #expect(v2.stdout == "autoscaling/v2 2 70", "\(v2)")
        let v1 = try await kubectl.run(["get", "horizontalpodautoscalers.v1.autoscaling", "web", "-n", namespace, "-o",
                                        "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage} {.spec.metrics}"])
        #expect(v1.stdout == "autoscaling/v1 70 ", "\(v1)")
        let patched = try await kubectl.run(["patch", "horizontalpodautoscalers.v1.autoscaling", "web", "-n", namespace,
                                             "-p", #"{"spec":{"targetCPUUtilizationPercentage":55}}"#])
        #expect(patched.status == 0, "\(patched)")
        let table = try await kubectl.run(["get", "hpa", "-n", namespace])
        #expect(table.stdout.contains("cpu: <unknown>/55%"), "\(table)")
        // Without --cpu-percent the stored v2 object gets upstream's default: 80% CPU.
        _ = try await kubectl.run(["autoscale", "deploy", "web", "-n", namespace, "--max=3", "--name=plain"])
        let defaulted = try await kubectl.run(["get", "hpa", "plain", "-n", namespace, "-o",
                                               "jsonpath={.spec.minReplicas} {.spec.metrics[0].resource.target.averageUtilization}"])
        #expect(defaulted.stdout == "1 80", "\(defaulted)")
    }
}
