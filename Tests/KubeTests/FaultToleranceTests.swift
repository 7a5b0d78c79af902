import Kube
import LocalCluster
import Manifests
import Testing

/// The client's retries against a local cluster that fails requests on purpose.
@Suite("KubeClient retries")
struct FaultToleranceTests {
    typealias Clusters = TestClusters

    /// Runs `body` against a fresh cluster with `faults`, in a namespace made before they bite.
    static func withFaults(_ faults: String, _ body: (KubeClient, String) async throws -> Void) async throws {
        let server = try await Clusters.start(faults: faults)
        defer { Task { await server.stop() } }
        var options = KubeClient.Options()
        options.retry.initialDelay = .milliseconds(5)
        options.retry.maxDelay = .milliseconds(50)
        options.retry.maxRetryAfter = .milliseconds(50)
        options.pageSize = 3
        try await KubeClient.with(try Clusters.connection(server, namespace: "faults"), options: options) { client in
            _ = try await client.apply(try Clusters.object("apiVersion: v1\nkind: Namespace\nmetadata: {name: faults}"))
            try await body(client, "faults")
        }
    }

    @Test("with a fifth of requests answered 500 or 429, apply, get, list, delete and watch still succeed")
    func errors() async throws {
        try await Self.withFaults("errors=0.2,codes=500|429") { client, namespace in
            for index in 0..<10 {
                let applied = try await client.apply(Clusters.configMap("c\(index)", data: ["i": String(index)]))
                #expect(applied.object[path: ["data", "i"]]?.text == String(index))
            }
            let list = try await client.list(Clusters.configMapKind, namespace: namespace)
            #expect(list.items.filter { $0[path: ["metadata", "name"]]?.text?.hasPrefix("c") == true }.count == 10)
            #expect(try await client.get(Clusters.configMapKind, name: "c3")?[path: ["data", "i"]]?.text == "3")
            #expect(try await client.delete(Clusters.configMapKind, name: "c3") == .deleted)
            let events = client.watch(Clusters.configMapKind, namespace: namespace, from: list.resourceVersion)
            _ = try await client.apply(Clusters.configMap("late", data: [:]))
            for try await event in events {
                if case .added(let object) = event, object[path: ["metadata", "name"]]?.text == "late" { break }
            }
        }
    }

    @Test("with a fifth of connections dropped before an answer, idempotent requests still succeed")
    func drops() async throws {
        try await Self.withFaults("drop=0.2") { client, namespace in
            for index in 0..<10 {
                _ = try await client.apply(Clusters.configMap("d\(index)", data: [:]))
            }
            #expect(try await client.list(Clusters.configMapKind, namespace: namespace).items.count >= 10)
        }
    }

    @Test("a request slower than the request timeout fails with a timeout; one within it succeeds")
    func requestTimeout() async throws {
        let server = try await Clusters.start(faults: "latency=300ms")
        defer { Task { await server.stop() } }
        var options = KubeClient.Options()
        options.retry.maxAttempts = 1
        options.requestTimeout = .milliseconds(50)
        do {
            try await KubeClient.with(try Clusters.connection(server, namespace: "default"), options: options) { client in
                _ = try await client.get(Clusters.configMapKind, name: "none")
            }
            Issue.record("a request slower than its timeout succeeded")
        } catch let error as KubeError {
            #expect(error.code == .timeout, "\(error)")
            #expect("\(error)".contains("within"), "\(error)")
        }
        options.requestTimeout = .seconds(30)
        try await KubeClient.with(try Clusters.connection(server, namespace: "default"), options: options) { client in
            let found = try await client.get(Clusters.configMapKind, name: "none")
            #expect(found == nil)
        }
    }
}

