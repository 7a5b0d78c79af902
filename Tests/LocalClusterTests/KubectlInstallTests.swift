import Foundation
import Testing
@testable import LocalCluster

/// What installing the manifests of well-known projects needs, as a new user would install them
/// with the real kubectl: the names, kinds and limits of a real 1.32 server.
@Suite("kubectl installs of real projects", .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
struct KubectlInstallTests {
    /// Writes `text` to a file in kubectl's work directory and returns its path.
    static func file(_ kubectl: Kubectl, _ name: String, _ text: String) throws -> String {
        let url = kubectl.workDirectory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("RBAC names are path segments: metrics-server's system: names install, '%' and '..' are refused as upstream words it")
    func rbacNames() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("rbac")
        let suffix = namespace.split(separator: "-").last.map(String.init) ?? namespace
        let manifests = try Self.file(kubectl, "rbac.yaml", """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: "system:metrics-server-\(suffix)"}
            rules: [{apiGroups: [""], resources: [nodes/metrics], verbs: [get]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: "metrics-server-\(suffix):system:auth-delegator"}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:auth-delegator"}
            subjects: [{kind: ServiceAccount, name: metrics-server, namespace: \(namespace)}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: "leader:election", namespace: \(namespace)}
            rules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get]}]
            """)
        let applied = try await kubectl.run(["apply", "-f", manifests])
        #expect(applied.stdout == """
            clusterrole.rbac.authorization.k8s.io/system:metrics-server-\(suffix) created
            clusterrolebinding.rbac.authorization.k8s.io/metrics-server-\(suffix):system:auth-delegator created
            role.rbac.authorization.k8s.io/leader:election created

            """, "\(applied)")
        let again = try await kubectl.run(["apply", "-f", manifests])
        #expect(again.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix(" unchanged") }, "\(again)")
        let got = try await kubectl.run(["get", "clusterrole", "system:metrics-server-\(suffix)", "-o", "jsonpath={.metadata.name}"])
        #expect(got.stdout == "system:metrics-server-\(suffix)", "\(got)")

        let percent = try await kubectl.run(["create", "clusterrole", "a%b", "--verb=get", "--resource=pods"])
        #expect(percent.stderr == "The ClusterRole \"a%b\" is invalid: metadata.name: Invalid value: \"a%b\": may not contain '%'\n",
                "\(percent)")
        let dots = try Self.file(kubectl, "dots.yaml", """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: "..", namespace: \(namespace)}
            """)
        let refused = try await kubectl.run(["create", "-f", dots])
        #expect(refused.stderr == "The Role \"..\" is invalid: metadata.name: Invalid value: \"..\": may not be '..'\n", "\(refused)")
        _ = try await kubectl.run(["delete", "-f", manifests])
    }

    @Test("a client-side apply of a CRD whose last-applied annotation passes 256 KiB is refused as upstream words it; server-side apply installs it")
    func annotationLimit() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("big")
        let group = "\(namespace).example.com"
        // About 300 KB of schema text: under etcd's limit, over the annotations' once kubectl copies it there.
        let description = String(repeating: "A field described at length. ", count: 10_000)
        let crd = try Self.file(kubectl, "big-crd.yaml", CRDManifest.yaml(group: group, kind: "Big", plural: "bigs", schema: """
                    type: object
                    description: "\(description)"
            """))
        let clientSide = try await kubectl.run(["apply", "-f", crd])
        #expect(clientSide.status == 1, "\(clientSide)")
        #expect(clientSide.stderr == "The CustomResourceDefinition \"bigs.\(group)\" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes\n",
                "\(clientSide)")
        let serverSide = try await kubectl.run(["apply", "--server-side", "-f", crd])
        #expect(serverSide.stdout == "customresourcedefinition.apiextensions.k8s.io/bigs.\(group) serverside-applied\n", "\(serverSide)")
        _ = try await kubectl.run(["delete", "-f", crd])
    }
}
