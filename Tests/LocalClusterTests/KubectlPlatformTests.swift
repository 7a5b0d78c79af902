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
}
