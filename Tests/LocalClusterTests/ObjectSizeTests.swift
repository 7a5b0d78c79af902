import Foundation
import Testing
import Manifests
@testable import LocalCluster

/// etcd's bound on one object, which the apiserver passes on as a 500.
@Suite("object size")
struct ObjectSizeTests {
    static let mebibyte = 1 << 20

    static func configMap(_ name: String, data: [String: Int]) -> String {
        let entries = data.sorted { $0.key < $1.key }.map { #""\#($0.key)":""# + String(repeating: "x", count: $0.value) + #"""# }
        return #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)"},"data":{"# + entries.joined(separator: ",") + "}}"
    }

    @Test("an object over 1.5 MiB is refused with the apiserver's 500 and not stored")
    func createTooLarge() async throws {
        let (client, namespace) = try await TestCluster.client(namespace: "size")
        let path = "/api/v1/namespaces/\(namespace)/configmaps"
        let response = try await client.send("POST", path, body: Self.configMap("big", data: ["a": 2 * Self.mebibyte]))
        #expect(response.status == 500)
        #expect(response.json?["message"]?.string == "etcdserver: request is too large")
        #expect(response.json?["reason"] == nil)
        #expect(response.json?[path: ["details", "causes"]]?.sequence?.first?["message"]?.string?
            .hasSuffix("bytes of JSON, over the limit of 1572864") == true, "\(response.text)")
        #expect(try await client.send("GET", path + "/big").status == 404)
    }

    @Test("a patch that grows an object past 1.5 MiB is refused and the object stays as it was")
    func patchTooLarge() async throws {
        let (client, namespace) = try await TestCluster.client(namespace: "size")
        let path = "/api/v1/namespaces/\(namespace)/configmaps"
        let created = try await client.send("POST", path, body: Self.configMap("grows", data: ["a": Self.mebibyte]))
        #expect(created.status == 201)
        let patch = #"{"data":{"b":""# + String(repeating: "y", count: Self.mebibyte) + #""}}"#
        let patched = try await client.send("PATCH", path + "/grows", body: patch, contentType: "application/merge-patch+json")
        #expect(patched.status == 500)
        #expect(patched.json?["message"]?.string == "etcdserver: request is too large")
        let stored = try await client.send("GET", path + "/grows")
        #expect(stored.json?[path: ["data", "b"]] == nil)
    }

    @Test("kubectl create of an object over 1.5 MiB prints etcd's error",
          .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
    func kubectlTooLarge() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("size")
        let file = kubectl.workDirectory.appendingPathComponent("big.json")
        try Self.configMap("big", data: ["a": 2 * Self.mebibyte]).write(to: file, atomically: true, encoding: .utf8)
        let created = try await kubectl.run(["create", "-n", namespace, "-f", file.path])
        #expect(created.status == 1, "\(created)")
        #expect(created.stderr.contains("Error from server: error when creating \"\(file.path)\": etcdserver: request is too large"),
                "\(created)")
    }

    @Test("the walk's bound is never below the JSON's length", arguments: [
        #"{"a":"\u0001\u0002\u001f","b":[1,2.5,true,null],"c":{}}"#,
        "{\"plain\": \"text\", \"list\": [\"\", \"x\"]}",
    ])
    func upperBound(json: String) throws {
        let node = try JSON.parse(Array(json.utf8))
        #expect(ObjectSize.upperBound(node) >= (try JSON.serialize(node)).utf8.count)
    }

    @Test("the walk's bound holds for YAML scalars JSON writes longer", arguments: ["a: ~", "a: 2001-12-14", "a: 1e3", "a: 0x1F"])
    func upperBoundOfYAML(yaml: String) throws {
        let node = try #require(try YAMLParser(source: "test").parse(Array(yaml.utf8)).first)
        #expect(ObjectSize.upperBound(node) >= (try JSON.serialize(node)).utf8.count)
    }
}
