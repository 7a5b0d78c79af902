import Foundation
import Testing
@testable import LocalCluster

/// kubectl's generators (`create <kind>`, `run`, `expose`) and other everyday commands beyond the checklist.
@Suite("kubectl generators and everyday commands", .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
struct KubectlGeneratorTests {
    typealias Setup = KubectlChecklistTests

    @Test("objects kubectl create sends as protobuf keep their spec, rules, subjects and roleRef")
    func protobufCreates() async throws {
        let (kubectl, namespace) = try await Setup.setUp("gen")
        let creates: [[String]] = [
            ["create", "deployment", "app", "--image=nginx:1.25", "--replicas=0", "--port=8080"],
            ["create", "job", "once", "--image=busybox", "--", "echo", "hi"],
            ["create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *", "--", "echo", "hi"],
            ["expose", "deployment", "app", "--port=80", "--target-port=8080"],
            ["create", "role", "reader", "--verb=get,list", "--resource=pods"],
            ["create", "rolebinding", "reader", "--role=reader", "--serviceaccount=\(namespace):robot"],
            ["create", "ingress", "web", "--class=nginx", "--rule=a.example.com/=app:80"],
            ["create", "poddisruptionbudget", "app", "--selector=app=app", "--min-available=50%"],
            ["run", "one", "--image=nginx", "--env=A=1", "--port=80", "--restart=Never"],
        ]
        for arguments in creates {
            let result = try await kubectl.run(["-n", namespace] + arguments)
            #expect(result.status == 0, "\(arguments): \(result)")
        }
        func get(_ object: String, _ path: String) async throws -> String {
            try await kubectl.run(["get", object, "-n", namespace, "-o", "jsonpath=\(path)"]).stdout
        }
        #expect(try await get("deploy/app", "{.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}") == "0 nginx:1.25 8080")
        #expect(try await get("job/once", "{.spec.template.spec.containers[0].command} {.spec.template.spec.restartPolicy}") == #"["echo","hi"] Never"#)
        #expect(try await get("cronjob/tick", "{.spec.schedule}") == "*/5 * * * *")
        #expect(try await get("svc/app", "{.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.selector.app}") == "80 8080 app")
        #expect(try await get("role/reader", "{.rules[0].verbs} {.rules[0].resources}") == #"["get","list"] ["pods"]"#)
        #expect(try await get("rolebinding/reader", "{.roleRef.kind}/{.roleRef.name} {.subjects[0].kind}/{.subjects[0].name}") == "Role/reader ServiceAccount/robot")
        #expect(try await get("ingress/web", "{.spec.ingressClassName} {.spec.rules[0].host} {.spec.rules[0].http.paths[0].backend.service.port.number}") == "nginx a.example.com 80")
        #expect(try await get("pdb/app", "{.spec.minAvailable} {.spec.selector.matchLabels.app}") == "50% app")
        #expect(try await get("pod/one", "{.spec.containers[0].env[0].name}={.spec.containers[0].env[0].value} {.spec.restartPolicy}") == "A=1 Never")
    }

    @Test("a protobuf body with a field the server cannot read is refused, not stored without it")
    func protobufUnknownField() throws {
        // A ConfigMap whose message carries field 9 (not part of ConfigMap) with a value.
        let body: [UInt8] = [0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09, 0x43, 0x6f, 0x6e, 0x66, 0x69,
                             0x67, 0x4d, 0x61, 0x70, 0x12, 0x09, 0x0a, 0x04, 0x0a, 0x02, 0x63, 0x31, 0x4a, 0x01, 0x78]
        #expect(throws: ProtobufDecoder.Failure.self) { try ProtobufDecoder.decode(body) }
    }

    @Test("a Secret's stringData is stored base64-encoded in data, over the same key, and never as stringData")
    func secretStringData() async throws {
        let (kubectl, namespace) = try await Setup.setUp("secret")
        let file = kubectl.workDirectory.appendingPathComponent("secret.yaml")
        try """
            apiVersion: v1
            kind: Secret
            metadata: {name: creds}
            data: {user: b2xk, other: eA==}
            stringData: {user: admin}

            """.write(to: file, atomically: true, encoding: .utf8)
        for arguments in [["apply"], ["apply", "--server-side", "--force-conflicts"]] {
            let applied = try await kubectl.run(arguments + ["-n", namespace, "-f", file.path])
            #expect(applied.status == 0, "\(applied)")
            let stored = try await kubectl.run(["get", "secret", "creds", "-n", namespace, "-o", "jsonpath={.data} {.stringData}"])
            #expect(stored.stdout == #"{"other":"eA==","user":"YWRtaW4="} "#, "\(arguments): \(stored)")
        }
    }

    @Test("a JSON patch that does not apply is a 422, a malformed patch a 400, never a server error")
    func patchErrors() async throws {
        let (kubectl, namespace) = try await Setup.setUp("patch")
        _ = try await kubectl.run(["create", "configmap", "c", "-n", namespace, "--from-literal=k=v"])
        let client = APIClient(base: try await TestCluster.server().url)
        let path = "/api/v1/namespaces/\(namespace)/configmaps/c"
        let failedTest = try await client.send("PATCH", path, body: #"[{"op":"test","path":"/data/k","value":"x"}]"#,
                                               contentType: "application/json-patch+json")
        #expect(failedTest.status == 422, "\(failedTest.text)")
        #expect(failedTest.json?["reason"]?.string == "Invalid")
        let missing = try await client.send("PATCH", path, body: #"[{"op":"remove","path":"/data/nothere"}]"#,
                                            contentType: "application/json-patch+json")
        #expect(missing.status == 422, "\(missing.text)")
        let notAList = try await client.send("PATCH", path, body: #"{"op":"remove"}"#, contentType: "application/json-patch+json")
        #expect(notAList.status == 400, "\(notAList.text)")
        let notAnObject = try await client.send("PATCH", path, body: #""text""#, contentType: "application/merge-patch+json")
        #expect(notAnObject.status == 400, "\(notAnObject.text)")
        let result = try await kubectl.run(["patch", "cm", "c", "-n", namespace, "--type=json",
                                            "-p", #"[{"op":"test","path":"/data/k","value":"x"}]"#])
        #expect(result.status == 1)
        #expect(result.stderr.contains("testing value /data/k failed"), "\(result)")
        let data = try await kubectl.run(["get", "cm", "c", "-n", namespace, "-o", "jsonpath={.data}"]).stdout
        #expect(data == #"{"k":"v"}"#)
    }

    @Test("kubectl get -o wide shows the wide columns, and other kinds get their upstream columns")
    func tableColumns() async throws {
        let (kubectl, namespace) = try await Setup.withDeployment()
        let wide = try await kubectl.run(["get", "deploy", "web", "-n", namespace, "-o", "wide"])
        let header = wide.stdout.split(separator: "\n").first.map { $0.split(separator: " ").joined(separator: " ") }
        #expect(header == "NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR", "\(wide)")
        #expect(wide.stdout.contains("nginx:1.25"), "\(wide)")
        _ = try await kubectl.run(["create", "cronjob", "tick", "-n", namespace, "--image=busybox", "--schedule=*/5 * * * *"])
        _ = try await kubectl.run(["create", "service", "nodeport", "edge", "-n", namespace, "--tcp=80:8080"])
        let cronJobs = try await kubectl.run(["get", "cj", "-n", namespace])
        let row = cronJobs.stdout.split(separator: "\n").dropFirst().first.map { $0.split(separator: " ").prefix(8).joined(separator: " ") }
        #expect(row == "tick */5 * * * * <none> False", "\(cronJobs)")
        let nodePort = try await kubectl.run(["get", "svc", "edge", "-n", namespace, "-o", "jsonpath={.spec.ports[0].nodePort}"]).stdout
        #expect((30000...32767).contains(Int(nodePort) ?? 0), "\(nodePort)")
    }

    @Test("kubectl get -w prints changes as rows of the same table")
    func watchTable() async throws {
        let (kubectl, namespace) = try await Setup.withDeployment()
        let watch = try kubectl.start(["get", "deploy", "-n", namespace, "-w", "--request-timeout=60s"])
        // The change comes once the watch has printed the Deployment as it was, and the
        // watch is ended once it has printed the change as a row.
        // Whole rows only: a row is complete once its newline is written.
        let listed = try await ObjectLifecycleTests.eventually { watch.output.filter { $0 == "\n" }.count >= 2 }
        _ = try await kubectl.run(["label", "deploy", "web", "-n", namespace, "seen=yes"])
        let changed = try await ObjectLifecycleTests.eventually { watch.output.filter { $0 == "\n" }.count >= 3 }
        let result = try await watch.stop()
        #expect(listed && changed, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count >= 3, "\(result)")
        #expect(lines.filter { $0.hasPrefix("NAME") }.count == 1, "\(result)")
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: " ").count == 5 }, "\(result)")
    }

    @Test("kubectl create token answers with a JWT for the account, its audience and duration; an unknown account is 404")
    func createToken() async throws {
        let (kubectl, namespace) = try await Setup.setUp("token")
        #expect(try await kubectl.run(["create", "serviceaccount", "robot", "-n", namespace]).status == 0)
        let token = try await kubectl.run(["create", "token", "robot", "-n", namespace, "--duration=10m", "--audience=vault"])
        #expect(token.status == 0, "\(token)")
        let parts = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".")
        #expect(parts.count == 3, "\(token)")
        var payload = String(parts.count == 3 ? parts[1] : "").replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        let claims = try JSONSerialization.jsonObject(with: Data(base64Encoded: payload) ?? Data("{}".utf8)) as? [String: Any] ?? [:]
        #expect(claims["sub"] as? String == "system:serviceaccount:\(namespace):robot", "\(claims)")
        #expect(claims["aud"] as? [String] == ["vault"], "\(claims)")
        #expect((claims["exp"] as? Int ?? 0) - (claims["iat"] as? Int ?? 0) == 600, "\(claims)")
        let missing = try await kubectl.run(["create", "token", "nobody", "-n", namespace])
        #expect(missing.status != 0 && missing.stderr.contains(#"serviceaccounts "nobody" not found"#), "\(missing)")
    }
}
