import Foundation
import Testing
import Manifests
@testable import LocalCluster

/// Watch semantics over HTTP: replay from a resourceVersion, selectors, bookmarks and 410 Expired.
@Suite("watch")
struct WatchTests {
    /// Reads the first `count` lines of a watch response.
    static func watchLines(_ server: ClusterServer, _ path: String, count: Int) async throws -> [Node] {
        try await WatchReader.lines(port: server.port, path: path, count: count)
    }

    /// The ConfigMaps path of a new namespace, once the controllers have made its own
    /// `kube-root-ca.crt`, so the test's changes are the only ones to come.
    static func settledNamespace(_ client: APIClient) async throws -> String {
        let namespace = TestCluster.uniqueName("watch")
        try await client.namespace(namespace)
        let path = "/api/v1/namespaces/\(namespace)/configmaps"
        let published = try await ObjectLifecycleTests.eventually {
            try await client.send("GET", path + "/kube-root-ca.crt").status == 200
        }
        #expect(published)
        return path
    }

    @Test("a watch from a resourceVersion replays later changes in order, with selector transitions")
    func replay() async throws {
        let server = try await TestCluster.server()
        let client = APIClient(base: server.url)
        let path = try await Self.settledNamespace(client)
        let start = try await client.send("GET", path).json?[path: ["metadata", "resourceVersion"]]?.string ?? ""
        _ = try await client.send("POST", path, body: #"{"metadata":{"name":"a","labels":{"app":"x"}}}"#)
        _ = try await client.send("POST", path, body: #"{"metadata":{"name":"b"}}"#)
        _ = try await client.send("PATCH", path + "/a", body: #"{"metadata":{"labels":{"app":"y"}}}"#,
                                  contentType: "application/merge-patch+json")
        let all = try await Self.watchLines(server, path + "?watch=true&resourceVersion=\(start)", count: 3)
        #expect(all.map { $0["type"]?.string ?? "" } == ["ADDED", "ADDED", "MODIFIED"])
        #expect(all.map { $0[path: ["object", "metadata", "name"]]?.string ?? "" } == ["a", "b", "a"])
        let selected = try await Self.watchLines(server, path + "?watch=1&labelSelector=app%3Dx&resourceVersion=\(start)", count: 2)
        #expect(selected.map { $0["type"]?.string ?? "" } == ["ADDED", "DELETED"])
    }

    @Test("a watch without a resourceVersion starts with the current objects, then bookmarks")
    func initialEventsAndBookmarks() async throws {
        let server = try await TestCluster.server()
        let client = APIClient(base: server.url)
        let path = try await Self.settledNamespace(client)
        _ = try await client.send("POST", path, body: #"{"metadata":{"name":"a"}}"#)
        let lines = try await Self.watchLines(server, path + "?watch=1&allowWatchBookmarks=true&fieldSelector=metadata.name%3Da",
                                              count: 2)
        #expect(lines.first?["type"]?.string == "ADDED")
        #expect(lines.last?["type"]?.string == "BOOKMARK")
        #expect(lines.last?[path: ["object", "kind"]]?.string == "ConfigMap")
    }

    @Test("a watch from a resourceVersion older than the kept history gets 410 Expired")
    func expired() async throws {
        let store = try ObjectStore(directory: nil, historyLimit: 4)
        let type = try #require(await store.registry.find(group: "", version: "v1", plural: "configmaps"))
        let service = ObjectService(store: store)
        try await ClusterServer.bootstrap(service)
        for index in 0..<10 {
            _ = try await service.create(type, namespace: "default",
                                         object: try JSON.parse(#"{"metadata":{"name":"c\#(index)"}}"#),
                                         options: WriteOptions(fieldManager: "test"))
        }
        let api = ClusterAPI(service: service, serverAddress: "127.0.0.1:0")
        let response = await api.respond(to: HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=2",
                                                         headers: [], body: []))
        guard case .bytes(let bytes) = response.body else {
            Issue.record("expected a one-line answer")
            return
        }
        let event = try JSON.parse(bytes)
        #expect(event["type"]?.string == "ERROR")
        #expect(event[path: ["object", "code"]]?.text == "410")
        #expect(event[path: ["object", "reason"]]?.string == "Expired")
    }
}
