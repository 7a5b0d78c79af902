import Foundation
import Manifests
import Testing

/// Request bodies nested to exhaust the server's stack: each is refused with
/// 400 naming the limit, and the server goes on serving.
@Suite("deeply nested bodies")
struct DeepBodyTests {
    static func body(_ kind: String) -> (String, String) {
        switch kind {
        case "apply-yaml":
            // About 100 KB: a mapping whose value is a sequence 50,000 deep.
            return ("application/apply-patch+yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: b\nx:\n" + String(repeating: "- ", count: 50_000) + "x\n")
        case "apply-flow":
            return ("application/apply-patch+yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx: " + String(repeating: "[", count: 70_000) + "\n")
        default:
            return ("application/json",
                    #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"x":"# + String(repeating: "[", count: 50_000))
        }
    }

    @Test("an apply or create body nested 50,000 deep gets 400 and the server lives on",
          arguments: ["apply-yaml", "apply-flow", "create-json"])
    func deepBody(_ kind: String) async throws {
        let client = APIClient(base: try await TestCluster.server().url)
        let namespace = TestCluster.uniqueName("deep")
        try await client.namespace(namespace)
        let (contentType, text) = Self.body(kind)
        let path = "/api/v1/namespaces/\(namespace)/configmaps"
        let response = kind == "create-json"
            ? try await client.send("POST", path, body: text, contentType: contentType)
            : try await client.send("PATCH", path + "/deep?fieldManager=t", body: text, contentType: contentType)
        #expect(response.status == 400)
        #expect(response.json?["message"]?.string?.contains("more than \(InputLimits.nestingDepth) levels") == true, "\(response.text)")
        let version = try await client.send("GET", "/version")
        #expect(version.status == 200)
    }
}
