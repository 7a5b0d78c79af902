import Foundation
import Testing
import Manifests

/// Server-side apply over HTTP: the worked cases of kube-api.md §7.3 and the 409 body.
@Suite("server-side apply")
struct ServerSideApplyTests {
    static func setUp() async throws -> (APIClient, String) {
        let client = APIClient(base: try await TestCluster.server().url)
        let namespace = TestCluster.uniqueName("ssa")
        try await client.namespace(namespace)
        return (client, "/api/v1/namespaces/\(namespace)/configmaps")
    }

    static func configMap(_ data: [String: String], labels: [String: String] = [:]) -> String {
        func object(_ map: [String: String]) -> String {
            "{" + map.sorted { $0.key < $1.key }.map { #""\#($0.key)":"\#($0.value)""# }.joined(separator: ",") + "}"
        }
        return #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":\#(object(labels))},"data":\#(object(data))}"#
    }

    static func managers(of response: APIClient.Response, owning field: String) -> [String] {
        (response.json?[path: ["metadata", "managedFields"]]?.sequence ?? []).compactMap { entry in
            entry[path: ["fieldsV1", "f:data", "f:\(field)"]] == nil ? nil : entry["manager"]?.string
        }.sorted()
    }

    @Test("a second manager changing a field gets 409 with the upstream body; force moves ownership")
    func conflictAndForce() async throws {
        let (client, path) = try await Self.setUp()
        let created = try await client.apply(path + "/c", manager: "a", Self.configMap(["k": "1"]))
        #expect(created.status == 201)
        let conflict = try await client.apply(path + "/c", manager: "b", Self.configMap(["k": "2"]))
        #expect(conflict.status == 409)
        let expected = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Apply failed with 1 conflict: conflict with \"a\": .data.k","reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"a\"","field":".data.k"}]},"code":409}"#
        #expect(conflict.text == expected)
        let forced = try await client.apply(path + "/c", manager: "b", force: true, Self.configMap(["k": "2"]))
        #expect(forced.status == 200)
        #expect(Self.managers(of: forced, owning: "k") == ["b"])
    }

    @Test("two managers applying the same value share the field; a change then conflicts with the other")
    func sharedOwnership() async throws {
        let (client, path) = try await Self.setUp()
        _ = try await client.apply(path + "/c", manager: "a", Self.configMap(["k": "x"]))
        let shared = try await client.apply(path + "/c", manager: "b", Self.configMap(["k": "x"]))
        #expect(shared.status == 200)
        #expect(Self.managers(of: shared, owning: "k") == ["a", "b"])
        let conflict = try await client.apply(path + "/c", manager: "a", Self.configMap(["k": "y"]))
        #expect(conflict.status == 409)
        #expect(conflict.json?["message"]?.string == #"Apply failed with 1 conflict: conflict with "b": .data.k"#)
    }

    @Test("a field the manager stops applying is removed unless another manager owns it")
    func removal() async throws {
        let (client, path) = try await Self.setUp()
        _ = try await client.apply(path + "/c", manager: "a", Self.configMap(["k": "1", "gone": "1", "kept": "1"]))
        _ = try await client.apply(path + "/c", manager: "b", Self.configMap(["kept": "1"]))
        let result = try await client.apply(path + "/c", manager: "a", Self.configMap(["k": "1"]))
        #expect(result.json?["data"]?.mapping?.keys.sorted() == ["k", "kept"])
        #expect(Self.managers(of: result, owning: "kept") == ["b"])
    }

    @Test("associative list items are owned per item: another manager's container survives a re-apply")
    func associativeLists() async throws {
        let client = APIClient(base: try await TestCluster.server().url)
        let namespace = TestCluster.uniqueName("ssa")
        try await client.namespace(namespace)
        let path = "/apis/apps/v1/namespaces/\(namespace)/deployments/d"
        func deployment(_ container: String) -> String {
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"\#(container)","image":"busybox"}]}}}}"#
        }
        _ = try await client.apply(path, manager: "a", deployment("nginx"))
        _ = try await client.apply(path, manager: "b", deployment("sidecar"))
        let again = try await client.apply(path, manager: "a", deployment("nginx"))
        let names = again.json?[path: ["spec", "template", "spec", "containers"]]?.sequence?.compactMap { $0["name"]?.string }
        #expect(names == ["nginx", "sidecar"])
        #expect(again.json?[path: ["metadata", "generation"]]?.text == "2")
    }

    @Test("a no-op apply keeps the resourceVersion")
    func noOp() async throws {
        let (client, path) = try await Self.setUp()
        let first = try await client.apply(path + "/c", manager: "a", Self.configMap(["k": "1"]))
        let second = try await client.apply(path + "/c", manager: "a", Self.configMap(["k": "1"]))
        #expect(second.status == 200)
        #expect(first.json?[path: ["metadata", "resourceVersion"]] == second.json?[path: ["metadata", "resourceVersion"]])
    }

    @Test("dryRun=All validates and answers without storing; a dry-run create has no resourceVersion")
    func dryRun() async throws {
        let (client, path) = try await Self.setUp()
        let created = try await client.send("PATCH", path + "/c?fieldManager=a&dryRun=All", body: Self.configMap(["k": "1"]),
                                            contentType: "application/apply-patch+yaml")
        #expect(created.status == 201)
        #expect(created.json?[path: ["metadata", "uid"]] != nil)
        #expect(created.json?[path: ["metadata", "resourceVersion"]] == nil)
        let read = try await client.send("GET", path + "/c")
        #expect(read.status == 404)
    }

    @Test("apply without a field manager is 422; with managedFields in the body is 400")
    func applyValidation() async throws {
        let (client, path) = try await Self.setUp()
        let noManager = try await client.send("PATCH", path + "/c", body: Self.configMap([:]), contentType: "application/apply-patch+yaml")
        #expect(noManager.status == 422)
        let withFields = try await client.apply(path + "/c", manager: "a",
                                                #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","managedFields":[]}}"#)
        #expect(withFields.status == 400)
        #expect(withFields.json?["message"]?.string == "metadata.managedFields must be nil")
    }

    @Test("a stale resourceVersion on update is a 409 Conflict")
    func optimisticConcurrency() async throws {
        let (client, path) = try await Self.setUp()
        let created = try await client.send("POST", path, body: #"{"metadata":{"name":"c"},"data":{"k":"1"}}"#)
        let version = created.json?[path: ["metadata", "resourceVersion"]]?.string ?? ""
        _ = try await client.send("PATCH", path + "/c", body: #"{"data":{"k":"2"}}"#, contentType: "application/merge-patch+json")
        let stale = try await client.send("PUT", path + "/c", body: #"{"metadata":{"name":"c","resourceVersion":"\#(version)"},"data":{"k":"3"}}"#)
        #expect(stale.status == 409)
        #expect(stale.json?["message"]?.string == #"Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again"#)
    }
}
