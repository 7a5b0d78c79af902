import Foundation
import Testing
@testable import LocalCluster

/// Faults injected on purpose: error answers with Retry-After, dropped connections, spec parsing.
@Suite("fault injection")
struct FaultInjectorTests {
    static func server(_ spec: String) async throws -> ClusterServer {
        var configuration = ClusterConfiguration()
        configuration.scheme = .http
        configuration.faults = try FaultInjector(spec: spec)
        configuration.runsControllers = false
        return try await ClusterServer.start(configuration)
    }

    @Test("errors=1 answers every API request with the chosen error; health checks still pass")
    func errors() async throws {
        let server = try await Self.server("errors=1,codes=429")
        defer { Task { await server.stop() } }
        let client = APIClient(base: server.url)
        let response = try await client.send("GET", "/api/v1/namespaces")
        #expect(response.status == 429)
        #expect(response.headers["retry-after"] == "1")
        #expect(response.json?["reason"]?.string == "TooManyRequests")
        let health = try await client.send("GET", "/readyz")
        #expect(health.status == 200)
    }

    @Test("drop=1 closes connections without an answer")
    func drop() async throws {
        let server = try await Self.server("drop=1")
        defer { Task { await server.stop() } }
        await #expect(throws: (any Error).self) {
            _ = try await APIClient(base: server.url).send("GET", "/api/v1/namespaces")
        }
    }

    @Test("spec parsing", arguments: [
        ("errors=0.25,codes=500|503,latency=20ms,drop=0.1", true),
        ("errors=1.5", false), ("codes=404", false), ("latency=soon", false), ("nonsense", false),
        ("space=64k", true), ("space=lots", false), ("space=-1", false),
    ])
    func parsing(spec: String, valid: Bool) {
        let parsed = try? FaultInjector(spec: spec)
        #expect((parsed != nil) == valid)
        if spec.hasPrefix("errors=0.25"), let parsed {
            #expect(parsed.errorRate == 0.25)
            #expect(parsed.codes == [500, 503])
            #expect(parsed.latency == .milliseconds(20))
            #expect(parsed.dropRate == 0.1)
        }
        if spec == "space=64k" {
            #expect(parsed?.databaseSpace == 65_536)
            #expect(parsed?.isActive == false)
        }
    }

    @Test("Go durations read from zero to a day; past a day, negative, NaN or endless ones are not durations", arguments: [
        ("0ms", Duration.zero), ("50ms", .milliseconds(50)), ("1.5s", .milliseconds(1500)), ("86400s", .seconds(86_400)),
        ("86401s", nil), ("1e300s", nil), ("infs", nil), ("nans", nil), ("-5ms", nil), ("9223372036854775807ms", nil),
        ("3", nil), ("1m30s", .seconds(90)), ("24h", .seconds(86_400)), ("1.5h", .seconds(5400)), ("25h", nil),
    ] as [(String, Duration?)])
    func durations(text: String, expected: Duration?) {
        #expect(FaultInjector.duration(text) == expected)
    }
}
