import Testing
@testable import Manifests

private struct Odd: Error, Equatable {
    var value: Int
}

@Suite("concurrent map")
struct ConcurrentMapTests {
    @Test("map returns every result in index order")
    func mapKeepsOrder() {
        let results = ConcurrentMap.map(count: 5_000, workers: 4) { $0 * 3 }
        #expect(results == (0..<5_000).map { $0 * 3 })
    }

    @Test("modifyEach changes every element once, in place, however long the list", arguments: [0, 1, 255, 4_099, 20_000])
    func modifyEachChangesAll(count: Int) throws {
        var values = Array(0..<count)
        try ConcurrentMap.modifyEach(&values, minimumPerWorker: 16) { $0 = $0 * 2 + 1 }
        #expect(values == (0..<count).map { $0 * 2 + 1 })
    }

    @Test("modifyEach throws the first failure in index order")
    func modifyEachThrowsFirstFailure() {
        var values = Array(0..<10_000)
        #expect(throws: Odd(value: 1_001)) {
            try ConcurrentMap.modifyEach(&values, minimumPerWorker: 16) { value in
                if value > 1_000, value % 2 == 1 { throw Odd(value: value) }
            }
        }
    }
}
