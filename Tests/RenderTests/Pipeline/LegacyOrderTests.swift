import Manifests
import Testing
@testable import Render

@Suite("legacy output order")
struct LegacyOrderTests {
    /// Ids drawn from a small vocabulary, so that many share a kind, a namespace or
    /// a whole id, with Namespaces of several groups and names that differ by case,
    /// by a multi-byte character or only in length.
    static func ids(count: Int, seed: UInt64) -> [ResourceID] {
        var generator = SeededGenerator(seed: seed)
        let types: [(String, String, String)] = [
            ("", "v1", "Namespace"), ("example.com", "v1", "Namespace"), ("example.com", "v2", "Namespace"),
            ("", "v1", "ConfigMap"), ("", "v1", "Service"), ("apps", "v1", "Deployment"), ("", "v1", ""),
            ("policy", "v1", "PodDisruptionBudget"), ("example.com", "v1alpha1", "Widget"), ("", "", "Widget"),
            ("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration"), ("batch", "v1", "CronJob"),
        ]
        let namespaces = ["", "a", "B", "a-b", "z"]
        let names = ["", "a", "A", "ab", "a-b", "é", "e", "web", "web-1", "web1"]
        return (0..<count).map { _ in
            let type = types[Int(generator.next() % UInt64(types.count))]
            return ResourceID(group: type.0, version: type.1, kind: type.2,
                              namespace: namespaces[Int(generator.next() % UInt64(namespaces.count))],
                              name: names[Int(generator.next() % UInt64(names.count))])
        }
    }

    @Test("sorts as comparing whole keys does, equal ids in their first order", arguments: [3, 100, 700, 3_000])
    func sortsAsWholeKeys(count: Int) {
        let order = LegacyOrder.standard
        let items = Array(Self.ids(count: count, seed: UInt64(count)).enumerated())
        let keys = items.map { order.key($0.element) }
        let expected = items.indices.sorted { a, b in
            if LegacyOrder.Key.less(keys[a], keys[b]) { return true }
            if LegacyOrder.Key.less(keys[b], keys[a]) { return false }
            return a < b
        }
        #expect(order.sorted(items) { $0.element }.map(\.offset) == expected)
    }
}

/// A small deterministic generator (SplitMix64), so a failure can be replayed.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
