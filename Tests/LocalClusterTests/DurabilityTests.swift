import Foundation
import Testing
import Manifests

/// A write the server acknowledged survives `kill -9` at any moment, with its resourceVersion.
@Suite("durability", .serialized, .enabled(if: ServerProcess.isBuilt, "the git-ops binary is not built"))
struct DurabilityTests {
    /// Creates ConfigMaps from several clients until `target` were acknowledged, kills the
    /// server while writes are still in flight, restarts it and reads every acknowledged one back.
    @Test("every acknowledged object survives SIGKILL with its resourceVersion")
    func killDuringWrites() async throws {
        let data = try TestCluster.temporaryDirectory("durable")
        let first = try await ServerProcess.start(arguments: ["--data", data.path])
        let client = APIClient(base: first.url)
        try await client.namespace("durable")

        let target = 200
        let acknowledged = Acknowledged()
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<6 {
                group.addTask {
                    var index = 0
                    while true {
                        index += 1
                        let name = "cm-\(writer)-\(index)"
                        let body = #"{"metadata":{"name":"\#(name)"},"data":{"writer":"\#(writer)","index":"\#(index)"}}"#
                        guard let response = try? await client.send("POST", "/api/v1/namespaces/durable/configmaps", body: body),
                              response.status == 201,
                              let version = response.json?[path: ["metadata", "resourceVersion"]]?.string else { return }
                        if await acknowledged.add(name, version) >= target { first.killOnce() }
                    }
                }
            }
        }
        let written = await acknowledged.all
        #expect(written.count >= target)

        let second = try await ServerProcess.start(arguments: ["--data", data.path])
        defer { _ = second.terminate() }
        let reader = APIClient(base: second.url)
        var missing: [String] = []
        var changed: [String] = []
        var highest = 0
        for (name, version) in written {
            let response = try await reader.send("GET", "/api/v1/namespaces/durable/configmaps/\(name)")
            if response.status != 200 {
                missing.append(name)
            } else if response.json?[path: ["metadata", "resourceVersion"]]?.string != version {
                changed.append(name)
            }
            highest = max(highest, Int(version) ?? 0)
        }
        #expect(missing.isEmpty, "lost after kill -9: \(missing)")
        #expect(changed.isEmpty, "resourceVersion changed: \(changed)")

        // The counter continues after the highest acknowledged version.
        let next = try await reader.send("POST", "/api/v1/namespaces/durable/configmaps", body: #"{"metadata":{"name":"after"}}"#)
        let nextVersion = Int(next.json?[path: ["metadata", "resourceVersion"]]?.string ?? "") ?? 0
        #expect(nextVersion > highest)
    }

    @Test("a clean stop and restart keeps every object and namespace")
    func restart() async throws {
        let data = try TestCluster.temporaryDirectory("restart")
        let first = try await ServerProcess.start(arguments: ["--data", data.path])
        let client = APIClient(base: first.url)
        try await client.namespace("kept")
        let created = try await client.send("POST", "/api/v1/namespaces/kept/configmaps", body: #"{"metadata":{"name":"one"},"data":{"a":"b"}}"#)
        #expect(created.status == 201)
        #expect(first.terminate() == 0)

        let second = try await ServerProcess.start(arguments: ["--data", data.path])
        defer { _ = second.terminate() }
        let reader = APIClient(base: second.url)
        let read = try await reader.send("GET", "/api/v1/namespaces/kept/configmaps/one")
        #expect(read.json?[path: ["data", "a"]]?.string == "b")
        #expect(read.json?[path: ["metadata", "resourceVersion"]] == created.json?[path: ["metadata", "resourceVersion"]])
        let namespaces = try await reader.send("GET", "/api/v1/namespaces")
        let names = namespaces.json?["items"]?.sequence?.compactMap { $0[path: ["metadata", "name"]]?.string } ?? []
        #expect(names == ["default", "kept", "kube-node-lease", "kube-public", "kube-system"])
    }
}

/// The writes the server acknowledged, by name.
actor Acknowledged {
    private(set) var all: [String: String] = [:]

    func add(_ name: String, _ version: String) -> Int {
        all[name] = version
        return all.count
    }
}

extension ServerProcess {
    /// Kills the server the first time it is called.
    func killOnce() {
        guard process.isRunning else { return }
        kill()
    }
}
