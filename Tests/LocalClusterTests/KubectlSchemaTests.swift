import Foundation
import Testing
@testable import LocalCluster

/// Values of the wrong JSON type are refused the way a real API server refuses them, and custom
/// resources are pruned, defaulted and validated by their CRD's schema.
@Suite("kubectl: field types and CRD schemas", .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
struct KubectlSchemaTests {
    typealias Setup = KubectlChecklistTests

    @Test("a string where a built-in wants an integer is a decode error on create and on server-side apply")
    func builtinTypeErrorOnCreate() async throws {
        let (kubectl, namespace) = try await Setup.setUp("types")
        let created = try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture("deploy-badtype.yaml")])
        #expect(created.status != 0)
        #expect(created.stderr.contains(#"Error from server (BadRequest): error when creating"#), "\(created)")
        #expect(created.stderr.contains(#"Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"#), "\(created)")
        let applied = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy-badtype.yaml")])
        #expect(applied.stderr.contains("failed to create typed patch object (\(namespace)/typo; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string"), "\(applied)")
        let listed = try await kubectl.run(["get", "deploy", "-n", namespace, "-o", "name"])
        #expect(listed.stdout.isEmpty, "\(listed)")
    }

    @Test("patching a built-in to the wrong type is 422 Invalid and changes nothing")
    func builtinTypeErrorOnPatch() async throws {
        let (kubectl, namespace) = try await Setup.withDeployment()
        let patched = try await kubectl.run(["patch", "deploy", "web", "-n", namespace, "-p", #"{"spec":{"replicas":"3"}}"#])
        #expect(patched.status != 0)
        #expect(patched.stderr.contains("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"), "\(patched)")
        let labels = try await kubectl.run(["patch", "deploy", "web", "-n", namespace, "--type=merge", "-p", #"{"metadata":{"labels":{"on":true}}}"#])
        #expect(labels.stderr.contains("cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string"), "\(labels)")
        let replicas = try await kubectl.run(["get", "deploy", "web", "-n", namespace, "-o", "jsonpath={.spec.replicas}"])
        #expect(replicas.stdout == "2")
    }

    @Test("kubectl edit that types replicas as a word reopens the editor with the error and saves nothing")
    func editTypeError() async throws {
        let (kubectl, namespace) = try await Setup.withDeployment()
        // The first edit breaks replicas; the reopened file (with the error on top) is kept and left alone.
        let editor = kubectl.workDirectory.appendingPathComponent("editor.sh")
        let marker = kubectl.workDirectory.appendingPathComponent("edited")
        let reopened = kubectl.workDirectory.appendingPathComponent("reopened.yaml")
        try """
            #!/bin/sh
            if [ -f '\(marker.path)' ]; then cp "$1" '\(reopened.path)'; exit 0; fi
            sed -i 's/^  replicas: .*/  replicas: two/' "$1" && touch '\(marker.path)'

            """.write(to: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        let edited = try await kubectl.run(["edit", "deploy", "web", "-n", namespace], environment: ["KUBE_EDITOR": editor.path])
        #expect(edited.status != 0)
        #expect(edited.stderr.contains(#"deployments.apps "web" is invalid"#), "\(edited)")
        let comments = (try? String(contentsOf: reopened, encoding: .utf8)) ?? ""
        #expect(comments.contains("cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"), "\(comments)")
        let replicas = try await kubectl.run(["get", "deploy", "web", "-n", namespace, "-o", "jsonpath={.spec.replicas}"])
        #expect(replicas.stdout == "2")
    }

    @Test("malformed quantities and Secret data are refused with upstream's messages")
    func quantityAndBase64() async throws {
        let (kubectl, namespace) = try await Setup.setUp("types")
        let file = kubectl.workDirectory.appendingPathComponent("pod.json")
        try #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"p","image":"nginx","resources":{"limits":{"memory":"2GB"}}}]}}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let pod = try await kubectl.run(["create", "-n", namespace, "-f", file.path])
        #expect(pod.stderr.contains(#"Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression"#), "\(pod)")
        let created = try await kubectl.run(["create", "secret", "generic", "s", "-n", namespace, "--from-literal=a=b"])
        #expect(created.status == 0, "\(created)")
        let broken = try await kubectl.run(["patch", "secret", "s", "-n", namespace, "-p", #"{"data":{"a":"not base64!"}}"#])
        #expect(broken.stderr.contains("illegal base64 data at input byte 3"), "\(broken)")
    }

    @Test("a custom resource is checked against its CRD's schema: unknown fields, types, enums, required")
    func customResourceSchema() async throws {
        let (kubectl, namespace) = try await Setup.setUp("schema")
        // Server-side, so the tests that share this CRD may apply it at the same time.
        let crd = try await kubectl.run(["apply", "--server-side", "-f", Kubectl.fixture("gadget-crd.yaml")])
        #expect(crd.status == 0, "\(crd)")
        _ = try await kubectl.run(["wait", "--for=condition=Established", "crd/gadgets.example.com", "--timeout=60s"])

        // kubectl asks for strict field validation: an undeclared field is refused.
        let strict = try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture("gadget-bad.yaml")])
        #expect(strict.stderr.contains(#"Gadget in version "v1" cannot be handled as a Gadget: strict decoding error: unknown field "spec.colour""#), "\(strict)")
        // Without it the field is pruned, and the schema's checks report every violation.
        let invalid = try await kubectl.run(["apply", "--validate=false", "-n", namespace, "-f", Kubectl.fixture("gadget-bad.yaml")])
        #expect(invalid.stderr.contains(#"The Gadget "g1" is invalid"#), "\(invalid)")
        #expect(invalid.stderr.contains(#"spec.size: Invalid value: "string": spec.size in body must be of type integer: "string""#), "\(invalid)")
        #expect(invalid.stderr.contains(#"spec.mode: Unsupported value: "medium": supported values: "fast", "slow""#), "\(invalid)")
        let applied = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("gadget-bad.yaml")])
        #expect(applied.stderr.contains(".spec.colour: field not declared in schema"), "\(applied)")
        #expect(applied.stderr.contains(".spec.size: expected numeric (int or float), got string"), "\(applied)")

        let pruned = try await kubectl.run(["apply", "--validate=false", "-n", namespace, "-f", Kubectl.fixture("gadget.yaml")])
        #expect(pruned.status == 0, "\(pruned)")
        let spec = try await kubectl.run(["get", "gadget", "g1", "-n", namespace, "-o", "jsonpath={.spec}"])
        #expect(spec.stdout == #"{"extra":{"anything":[1,2]},"mode":"fast","size":2}"#, "\(spec)")
        let small = try await kubectl.run(["patch", "gadget", "g1", "-n", namespace, "--type=merge", "-p", #"{"spec":{"size":0}}"#])
        #expect(small.stderr.contains("spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1"), "\(small)")
        let missing = try await kubectl.run(["patch", "gadget", "g1", "-n", namespace, "--type=merge", "-p", #"{"spec":{"size":null}}"#])
        #expect(missing.stderr.contains("spec.size: Required value"), "\(missing)")
    }

    @Test("kubectl explain describes a custom resource from its CRD's schema")
    func explainCustomResource() async throws {
        let (kubectl, _) = try await Setup.setUp("explain")
        // Server-side, so the tests that share this CRD may apply it at the same time.
        let crd = try await kubectl.run(["apply", "--server-side", "-f", Kubectl.fixture("gadget-crd.yaml")])
        #expect(crd.status == 0, "\(crd)")
        _ = try await kubectl.run(["wait", "--for=condition=Established", "crd/gadgets.example.com", "--timeout=60s"])
        let explained = try await kubectl.run(["explain", "gadget.spec"])
        #expect(explained.status == 0, "\(explained)")
        let lines = explained.stdout.split(separator: "\n").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(lines.contains("size <integer> -required-"), "\(explained)")
        #expect(lines.contains("enum: fast, slow"), "\(explained)")
    }

    @Test("a misspelt field of a built-in is refused under strict validation and dropped without it")
    func builtinUnknownFields() async throws {
        let (kubectl, namespace) = try await Setup.setUp("typo")
        let strict = try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture("deploy-typo.yaml")])
        #expect(strict.stderr.contains(#"strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePullpolicy""#),
                "\(strict)")
        let applied = try await kubectl.run(["apply", "--server-side", "-n", namespace, "-f", Kubectl.fixture("deploy-typo.yaml")])
        #expect(applied.stderr.contains(#".spec.template.spec.containers[name="web"].imagePullpolicy: field not declared in schema"#),
                "\(applied)")
        let lenient = try await kubectl.run(["apply", "--validate=false", "-n", namespace, "-f", Kubectl.fixture("deploy-typo.yaml")])
        #expect(lenient.stdout == "deployment.apps/typo created\n", "\(lenient)")
        let stored = try await kubectl.run(["get", "deploy", "typo", "-n", namespace, "-o",
                                            "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].imagePullPolicy}"])
        #expect(stored.stdout == "1 IfNotPresent", "\(stored)")
    }
}
