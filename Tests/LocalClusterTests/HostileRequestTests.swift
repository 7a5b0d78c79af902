import Foundation
import Testing
import Manifests

/// Numbers a client chooses never trap the server: each request is answered, and the server
/// (a child process, so that a trap fails the test rather than the test run) keeps serving.
@Suite("hostile requests", .enabled(if: ServerProcess.isBuilt, "the git-ops binary is not built"))
struct HostileRequestTests {
    static let deployment = #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","annotations":{ANNOTATIONS}},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"IMAGE"}]}}}}
        """#

    static func deployment(annotations: String = "", image: String = "nginx") -> String {
        deployment.replacingOccurrences(of: "ANNOTATIONS", with: annotations).replacingOccurrences(of: "IMAGE", with: image)
    }

    /// Asks for `path` until the value at `keys` of the answer, or of one of its items, is
    /// `expected` (at most a minute). A value, not a closure: this toolchain (6.3.1) ran the
    /// wrong one of two closures a test passed to one helper.
    static func eventually(_ client: APIClient, _ path: String, at keys: [String], is expected: String) async throws -> Bool {
        for _ in 0..<600 {
            if let json = try await client.send("GET", path).json,
               (json["items"]?.sequence ?? [json]).contains(where: { $0[path: keys]?.text == expected }) {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Runs `body` against a fresh child server, then checks that the server still serves.
    static func withServer(_ arguments: [String], _ body: (APIClient, ServerProcess) async throws -> Void) async throws {
        let server = try await ServerProcess.start(arguments: ["--in-memory"] + arguments)
        defer { _ = server.terminate() }
        let client = APIClient(base: server.url)
        try await body(client, server)
        let health = try await client.send("GET", "/healthz")
        #expect(health.status == 200)
    }

    @Test("a watch asking for a timeoutSeconds past Int32 streams its events")
    func watchTimeout() async throws {
        try await Self.withServer(["--no-controllers"]) { client, server in
            let port = Int(server.url.split(separator: ":").last ?? "") ?? 0
            let lines = try await WatchReader.lines(port: port, path: "/api/v1/namespaces?watch=1&timeoutSeconds=9223372036854775807",
                                                    count: 1)
            #expect(lines.first?["type"]?.string == "ADDED")
        }
    }

    @Test("a token asked for 2^63 seconds is refused as upstream refuses it")
    func tokenExpiration() async throws {
        try await Self.withServer(["--no-controllers"]) { client, _ in
            _ = try await client.send("POST", "/api/v1/namespaces/default/serviceaccounts", body: #"{"metadata":{"name":"robot"}}"#)
            let response = try await client.send("POST", "/api/v1/namespaces/default/serviceaccounts/robot/token",
                                                  body: #"{"spec":{"expirationSeconds":9223372036854775807}}"#)
            #expect(response.status == 422, "\(response.text)")
            #expect(response.json?["message"]?.string == #"TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: "#
                    + "Invalid value: 9223372036854775807: may not specify a duration larger than 2^32 seconds")
        }
    }

    @Test("a ready-delay too long to count is no delay")
    func readyDelay() async throws {
        try await Self.withServer(["--step", "50ms"]) { client, _ in
            let created = try await client.send("POST", "/apis/apps/v1/namespaces/default/deployments",
                                                body: Self.deployment(annotations: #""localcluster.git-ops.dev/ready-delay":"1e300s""#))
            #expect(created.status == 201, "\(created.text)")
            let ready = try await Self.eventually(client, "/apis/apps/v1/namespaces/default/deployments/web",
                                                  at: ["status", "readyReplicas"], is: "1")
            #expect(ready)
        }
    }

    @Test("a ReplicaSet revision of Int64.max makes the next revision wrap, as upstream's int64 does")
    func revisionWraps() async throws {
        try await Self.withServer(["--step", "50ms"]) { client, _ in
            let path = "/apis/apps/v1/namespaces/default/replicasets"
            _ = try await client.send("POST", "/apis/apps/v1/namespaces/default/deployments", body: Self.deployment())
            let revision = ["metadata", "annotations", "deployment.kubernetes.io/revision"]
            #expect(try await Self.eventually(client, path, at: revision, is: "1"))
            let first = try await client.send("GET", path).json?["items"]?.sequence?.first?[path: ["metadata", "name"]]?.string ?? ""
            let marked = try await client.send("PATCH", "\(path)/\(first)",
                                               body: #"{"metadata":{"annotations":{"deployment.kubernetes.io/revision":"9223372036854775807"}}}"#,
                                               contentType: "application/merge-patch+json")
            #expect(marked.status == 200, "\(marked.text)")
            _ = try await client.send("PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
                                      body: #"{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"httpd"}]}}}}"#,
                                      contentType: "application/strategic-merge-patch+json")
            let wrapped = try await Self.eventually(client, path, at: revision, is: "-9223372036854775808")
            #expect(wrapped)
        }
    }
}
