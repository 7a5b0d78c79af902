import Foundation
import Testing
import Manifests
@testable import LocalCluster

/// JSON patches as the apiserver bounds them.
@Suite("JSON patch")
struct JSONPatchTests {
    static func create(_ name: String) async throws -> (APIClient, String) {
        let (client, namespace) = try await TestCluster.client(namespace: "jsonpatch")
        let path = "/api/v1/namespaces/\(namespace)/configmaps"
        _ = try await client.send("POST", path, body: #"{"metadata":{"name":"\#(name)"}}"#)
        return (client, "\(path)/\(name)")
    }

    @Test("a patch of more than 10,000 operations is refused with upstream's 413")
    func tooManyOperations() async throws {
        let (client, path) = try await Self.create("many")
        let operations = Array(repeating: #"{"op":"test","path":"/metadata/name","value":"many"}"#, count: 10_001)
        let response = try await client.send("PATCH", path, body: "[" + operations.joined(separator: ",") + "]",
                                             contentType: "application/json-patch+json")
        #expect(response.status == 413)
        #expect(response.json?["reason"]?.string == "RequestEntityTooLarge")
        #expect(response.json?["message"]?.string
            == "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001")
    }

    @Test("copies that add more than 3 MiB are refused with json-patch's message")
    func copyBomb() async throws {
        let (client, path) = try await Self.create("bomb")
        // Each copy puts the annotations into themselves, doubling them.
        var operations = [#"{"op":"add","path":"/metadata/annotations","value":{"a":""# + String(repeating: "x", count: 1000) + #""}}"#]
        operations += (1...20).map { #"{"op":"copy","from":"/metadata/annotations","path":"/metadata/annotations/c\#($0)"}"# }
        let response = try await client.send("PATCH", path, body: "[" + operations.joined(separator: ",") + "]",
                                             contentType: "application/json-patch+json")
        #expect(response.status == 422)
        let cause = response.json?[path: ["details", "causes"]]?.sequence?.first?["message"]?.string ?? ""
        #expect(cause.hasPrefix("Unable to complete the copy, the accumulated size increase of copy is "), "\(response.text)")
        #expect(cause.hasSuffix(", exceeding the limit 3145728"), "\(response.text)")
    }
}
