import Foundation
import Testing
@testable import LocalCluster

/// What a real apiserver says beside its answer: `Warning` headers, which kubectl prints on stderr.
@Suite("kubectl warnings", .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
struct KubectlWarningTests {
    typealias Setup = KubectlChecklistTests

    @Test("kubectl patch with an unknown field succeeds, drops it and prints the server's warning")
    func unknownFieldPatchWarns() async throws {
        let (kubectl, namespace) = try await Setup.setUp("warn")
        let created = try await kubectl.run(["create", "configmap", "settings", "-n", namespace, "--from-literal=a=1"])
        #expect(created.status == 0, "\(created)")
        let patched = try await kubectl.run(["patch", "configmap", "settings", "-n", namespace, "-p", #"{"spec":{"x":1},"data":{"b":"2"}}"#])
        #expect(patched.status == 0, "\(patched)")
        #expect(patched.stderr.contains(#"Warning: unknown field "spec""#), "\(patched)")
        #expect(patched.stdout == "configmap/settings patched\n", "\(patched)")
        let data = try await kubectl.run(["get", "configmap", "settings", "-n", namespace, "-o", "jsonpath={.data}"])
        #expect(data.stdout == #"{"a":"1","b":"2"}"#, "\(data)")
    }

    @Test("kubectl create --validate=warn of an unknown nested field warns with its path; Ignore stays silent")
    func unknownFieldCreateWarns() async throws {
        let (kubectl, namespace) = try await Setup.setUp("warn")
        let file = kubectl.workDirectory.appendingPathComponent("deploy-typo.yaml")
        try """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: typo}
            spec:
              replicas: 0
              selector: {matchLabels: {app: typo}}
              template:
                metadata: {labels: {app: typo}}
                spec:
                  containers: [{name: web, image: nginx, imagePullpolicy: Always}]
            """.write(to: file, atomically: true, encoding: .utf8)
        let warned = try await kubectl.run(["create", "--validate=warn", "-n", namespace, "-f", file.path])
        #expect(warned.status == 0, "\(warned)")
        #expect(warned.stderr.contains(#"Warning: unknown field "spec.template.spec.containers[0].imagePullpolicy""#), "\(warned)")
        try await kubectl.run(["delete", "deploy", "typo", "-n", namespace])
        let ignored = try await kubectl.run(["create", "--validate=false", "-n", namespace, "-f", file.path])
        #expect(ignored.status == 0, "\(ignored)")
        #expect(!ignored.stderr.contains("Warning"), "\(ignored)")
    }

    @Test("a repeated key keeps its last value, warned under Warn and refused under Strict")
    func duplicateFields() async throws {
        let (kubectl, namespace) = try await Setup.setUp("dup")
        let created = try await kubectl.run(["create", "configmap", "settings", "-n", namespace, "--from-literal=a=1"])
        #expect(created.status == 0, "\(created)")
        let patch = #"{"data":{"a":"2","a":"3"}}"#
        let warned = try await kubectl.run(["patch", "configmap", "settings", "-n", namespace, "-p", patch])
        #expect(warned.status == 0, "\(warned)")
        #expect(warned.stderr.contains(#"Warning: duplicate field "a""#), "\(warned)")
        let value = try await kubectl.run(["get", "configmap", "settings", "-n", namespace, "-o", "jsonpath={.data.a}"])
        #expect(value.stdout == "3", "\(value)")
        // kubectl patch has no --validate; `create --raw` sends the bytes as they are.
        let file = kubectl.workDirectory.appendingPathComponent("dup.json")
        try #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"twice"},"data":{"a":"1","a":"2"}}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let strict = try await kubectl.run(["create", "--raw", "/api/v1/namespaces/\(namespace)/configmaps?fieldValidation=Strict",
                                            "-f", file.path])
        #expect(strict.status != 0, "\(strict)")
        #expect(strict.stderr.contains(#"strict decoding error: duplicate field "a""#), "\(strict)")
    }

    @Test("each distinct warning is one header, quoted as warn-text")
    func warningHeaders() throws {
        let collector = WarningCollector()
        WarningCollector.$current.withValue(collector) {
            WarningCollector.add(#"unknown field "spec.x""#)
            WarningCollector.add(#"unknown field "spec.x""#)
        }
        // One header per distinct warning, its text quoted as RFC 7234 warn-text.
        #expect(collector.headers.map(\.value) == [#"299 - "unknown field \"spec.x\"""#])
    }
}
