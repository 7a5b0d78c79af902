import Foundation
import Testing
import Manifests
@testable import LocalCluster

/// A commit the disk refuses: the write is undone, the client is told why in words, and the
/// store takes writes again once there is room (a full disk simulated with `space=`).
@Suite("full disk")
struct FullDiskTests {
    /// A server whose database may grow by 64 KiB only, filled until a create was refused.
    struct Filled {
        var data: URL
        var server: ClusterServer
        var client: APIClient
        var created: [String] = []
        var refused = ""
        var response: APIClient.Response?
    }

    /// Starts one and creates ConfigMaps of 6 KB in namespace `full` until one is refused.
    static func filled() async throws -> Filled {
        let data = try TestCluster.temporaryDirectory("full")
        var configuration = ClusterConfiguration(dataDirectory: data.path)
        configuration.faults = try FaultInjector(spec: "space=64k")
        configuration.runsControllers = false
        // The test's client speaks plain HTTP (Foundation's cannot present a client certificate).
        configuration.scheme = .http
        let server = try await ClusterServer.start(configuration)
        var filled = Filled(data: data, server: server, client: APIClient(base: server.url))
        try await filled.client.namespace("full")
        let payload = String(repeating: "x", count: 6000)
        for index in 0..<60 {
            let name = "cm-\(index)"
            let response = try await filled.client.send("POST", "/api/v1/namespaces/full/configmaps",
                                                         body: #"{"metadata":{"name":"\#(name)"},"data":{"x":"\#(payload)"}}"#)
            guard response.status == 201 else {
                filled.refused = name
                filled.response = response
                break
            }
            filled.created.append(name)
        }
        return filled
    }

    static func names(_ client: APIClient) async throws -> [String] {
        let list = try await client.send("GET", "/api/v1/namespaces/full/configmaps")
        return list.json?["items"]?.sequence?.compactMap { $0[path: ["metadata", "name"]]?.string } ?? []
    }

    @Test("a refused commit answers 503 saying what failed, on which file, why and what to do")
    func message() async throws {
        let filled = try await Self.filled()
        defer { Task { await filled.server.stop() } }
        #expect(filled.response?.status == 503)
        #expect(filled.response?.json?["reason"]?.string == "ServiceUnavailable")
        #expect(filled.response?.json?["message"]?.string
            == "cannot commit to '\(filled.data.path)/cluster.db': database or disk is full; free space on its file system and retry")
    }

    @Test("a create or update the disk refused is not visible, and writes succeed again once there is room")
    func undone() async throws {
        let filled = try await Self.filled()
        defer { Task { await filled.server.stop() } }
        let (client, created, refused) = (filled.client, filled.created, filled.refused)
        try #require(filled.response?.status == 503)
        #expect(try await client.send("GET", "/api/v1/namespaces/full/configmaps/\(refused)").status == 404)
        #expect(try await Self.names(client).sorted() == created.sorted())

        // An update that does not fit leaves the object as it was, resourceVersion included.
        let first = try #require(created.first)
        let before = try await client.send("GET", "/api/v1/namespaces/full/configmaps/\(first)")
        let big = String(repeating: "y", count: 60_000)
        let update = try await client.send("PATCH", "/api/v1/namespaces/full/configmaps/\(first)",
                                           body: #"{"data":{"y":"\#(big)"}}"#, contentType: "application/merge-patch+json")
        #expect(update.status == 503)
        let after = try await client.send("GET", "/api/v1/namespaces/full/configmaps/\(first)")
        #expect(after.json?[path: ["data", "y"]] == nil)
        #expect(after.json?[path: ["metadata", "resourceVersion"]] == before.json?[path: ["metadata", "resourceVersion"]])

        // Deleting frees pages; the refused create then succeeds.
        for name in created.prefix(3) {
            #expect(try await client.send("DELETE", "/api/v1/namespaces/full/configmaps/\(name)").status == 200)
        }
        let retry = try await client.send("POST", "/api/v1/namespaces/full/configmaps", body: #"{"metadata":{"name":"\#(refused)"}}"#)
        #expect(retry.status == 201)
    }

    @Test("a CustomResourceDefinition the disk refused serves no kind")
    func crd() async throws {
        let filled = try await Self.filled()
        defer { Task { await filled.server.stop() } }
        try #require(filled.response?.status == 503)
        let description = String(repeating: "d", count: 20_000)
        let crd = try await filled.client.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
             "versions":[{"name":"v1","served":true,"storage":true,
               "schema":{"openAPIV3Schema":{"type":"object","description":"\(description)"}}}]}}
            """)
        #expect(crd.status == 503)
        #expect(try await filled.client.send("GET", "/apis/example.com/v1").status == 404)
        #expect(try await filled.client.send("GET", "/apis/example.com/v1/namespaces/full/widgets").status == 404)
    }
}
