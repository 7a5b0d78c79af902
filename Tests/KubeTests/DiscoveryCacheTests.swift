import Synchronization
import Testing
@testable import Kube

@Suite("DiscoveryCache")
struct DiscoveryCacheTests {
    static let namespace = APIResource(kind: GroupVersionKind(apiVersion: "v1", kind: "Namespace"), name: "namespaces", namespaced: false)

    @Test("lookups that share a first fetch all find its answer, and it is fetched once")
    func concurrentFirstLookups() async throws {
        let fetches = Mutex(0)
        let cache = DiscoveryCache {
            fetches.withLock { $0 += 1 }
            // Long enough that every lookup below waits for this one fetch.
            try await Task.sleep(nanoseconds: 50_000_000)
            return [Self.namespace]
        }
        let found = try await withThrowingTaskGroup(of: APIResource?.self) { group in
            for _ in 0..<16 { group.addTask { try await cache.resource(for: Self.namespace.kind) } }
            return try await group.reduce(into: [APIResource?]()) { $0.append($1) }
        }
        #expect(found.count == 16 && found.allSatisfy { $0 == Self.namespace })
        #expect(fetches.withLock { $0 } == 1)
    }

    @Test("a kind it does not know is fetched again once, then called unknown")
    func unknownKind() async throws {
        let fetches = Mutex(0)
        let cache = DiscoveryCache {
            fetches.withLock { $0 += 1 }
            return [Self.namespace]
        }
        #expect(try await cache.resource(for: GroupVersionKind(apiVersion: "example.com/v1", kind: "Widget")) == nil)
        #expect(fetches.withLock { $0 } == 2)
        #expect(try await cache.resource(for: Self.namespace.kind) == Self.namespace)
        #expect(fetches.withLock { $0 } == 2)
    }
}
