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

    /// The kinds a 1.32 server serves besides those the simulated controllers act on, as
    /// `kubectl api-resources` prints them (name, short names, group-version, namespaced, kind).
    static let storedKinds = [
        "mutatingwebhookconfigurations admissionregistration.k8s.io/v1 false MutatingWebhookConfiguration",
        "validatingadmissionpolicies admissionregistration.k8s.io/v1 false ValidatingAdmissionPolicy",
        "validatingadmissionpolicybindings admissionregistration.k8s.io/v1 false ValidatingAdmissionPolicyBinding",
        "validatingwebhookconfigurations admissionregistration.k8s.io/v1 false ValidatingWebhookConfiguration",
        "apiservices apiregistration.k8s.io/v1 false APIService",
        "certificatesigningrequests csr certificates.k8s.io/v1 false CertificateSigningRequest",
        "leases coordination.k8s.io/v1 true Lease",
        "endpointslices discovery.k8s.io/v1 true EndpointSlice",
        "events ev events.k8s.io/v1 true Event",
        "flowschemas flowcontrol.apiserver.k8s.io/v1 false FlowSchema",
        "prioritylevelconfigurations flowcontrol.apiserver.k8s.io/v1 false PriorityLevelConfiguration",
        "ingressclasses networking.k8s.io/v1 false IngressClass",
        "runtimeclasses node.k8s.io/v1 false RuntimeClass",
        "priorityclasses pc scheduling.k8s.io/v1 false PriorityClass",
        "csidrivers storage.k8s.io/v1 false CSIDriver",
        "csinodes storage.k8s.io/v1 false CSINode",
        "csistoragecapacities storage.k8s.io/v1 true CSIStorageCapacity",
        "volumeattachments storage.k8s.io/v1 false VolumeAttachment",
    ]

    @Test("the built-in groups of a 1.32 server are listed by api-resources, and each kind is stored and served")
    func storedKinds() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("kinds")
        let listed = try await kubectl.run(["api-resources"])
        let lines = Set(listed.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") })
        for kind in Self.storedKinds {
            #expect(lines.contains(kind), "\(kind) not in\n\(listed)")
        }
        let extensions = try await kubectl.run(["api-resources", "--categories=api-extensions", "-o", "name"])
        #expect(extensions.stdout.split(separator: "\n").sorted() == [
            "apiservices.apiregistration.k8s.io", "customresourcedefinitions.apiextensions.k8s.io",
            "mutatingwebhookconfigurations.admissionregistration.k8s.io",
            "validatingadmissionpolicies.admissionregistration.k8s.io",
            "validatingadmissionpolicybindings.admissionregistration.k8s.io",
            "validatingwebhookconfigurations.admissionregistration.k8s.io",
        ], "\(extensions)")

        let applied = try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture("stored-kinds.yaml")])
        #expect(applied.status == 0, "\(applied)")
        #expect(applied.stdout.split(separator: "\n").count == Self.storedKinds.count - 1, "\(applied)")
        let priority = try await kubectl.run(["create", "priorityclass", "stored-kinds", "--value=1000", "--description=from kubectl"])
        #expect(priority.stdout == "priorityclass.scheduling.k8s.io/stored-kinds created\n", "\(priority)")
        let approved = try await kubectl.run(["certificate", "approve", "stored-kinds:user"])
        #expect(approved.stdout == "certificatesigningrequest.certificates.k8s.io/stored-kinds:user approved\n", "\(approved)")
        let condition = try await kubectl.run(["get", "csr", "stored-kinds:user", "-o", "jsonpath={.status.conditions[0].type}"])
        #expect(condition.stdout == "Approved", "\(condition)")
        for kind in Self.storedKinds {
            let resource = kind.split(separator: " ").first.map(String.init) ?? ""
            let group = kind.split(separator: " ").dropLast(2).last?.split(separator: "/").first.map(String.init) ?? ""
            let got = try await kubectl.run(["get", "\(resource).\(group)", "-n", namespace, "-o", "name"])
            #expect(got.stdout.split(separator: "\n").count == 1, "\(resource): \(got)")
        }

        // A webhook's injected CA bundle survives a client-side apply that changes another
        // webhook: the list merges by name, as upstream's schema says.
        let patched = try await kubectl.run(["patch", "validatingwebhookconfiguration", "stored-kinds", "--type=json", "-p",
                                             #"[{"op":"add","path":"/webhooks/0/clientConfig/caBundle","value":"Q0E="}]"#])
        #expect(patched.status == 0, "\(patched)")
        let changed = try Self.file(kubectl, "webhooks.yaml", try String(contentsOfFile: Kubectl.fixture("stored-kinds.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "path: /validate-more", with: "path: /validate-configmaps"))
        let reapplied = try await kubectl.run(["apply", "-n", namespace, "-f", changed])
        #expect(reapplied.stdout.contains("validatingwebhookconfiguration.admissionregistration.k8s.io/stored-kinds configured\n"), "\(reapplied)")
        let webhooks = try await kubectl.run(["get", "validatingwebhookconfiguration", "stored-kinds", "-o",
                                              "jsonpath={.webhooks[0].clientConfig.caBundle} {.webhooks[1].clientConfig.service.path}"])
        #expect(webhooks.stdout == "Q0E= /validate-configmaps", "\(webhooks)")

        let deleted = try await kubectl.run(["delete", "-n", namespace, "-f", changed])
        #expect(deleted.status == 0, "\(deleted)")
        _ = try await kubectl.run(["delete", "priorityclass", "stored-kinds"])
    }
}
