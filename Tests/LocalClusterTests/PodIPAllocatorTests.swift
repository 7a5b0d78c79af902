import Testing
@testable import LocalCluster

/// The simulated pods' addresses in kind's pod network.
@Suite("pod addresses")
struct PodIPAllocatorTests {
    @Test("addresses are handed out in order from 10.244.0.2, none twice while in use")
    func order() {
        var allocator = PodIPAllocator()
        allocator.claim("10.244.0.3")
        #expect((0..<3).map { _ in allocator.allocate() } == ["10.244.0.2", "10.244.0.4", "10.244.0.5"])
    }

    @Test("each /24's network and broadcast addresses are skipped")
    func skipsNetworkAndBroadcast() {
        var allocator = PodIPAllocator()
        for third in 0..<2 {
            for fourth in 0...255 { allocator.claim("10.244.\(third).\(fourth)") }
        }
        allocator.release("10.244.1.254")
        #expect(allocator.allocate() == "10.244.1.254")
        #expect(allocator.allocate() == "10.244.2.1")
    }

    @Test("a released address is free again once the others ahead are taken", arguments: [
        ("10.244.0.2", "10.244.0.2"), ("10.244.0.4", "10.244.0.4"),
    ])
    func reuse(released: String, next: String) {
        var allocator = PodIPAllocator()
        for _ in 0..<65_023 { _ = allocator.allocate() }
        allocator.release(released)
        #expect(allocator.allocate() == next)
    }

    @Test("addresses outside the pod network are not its to claim or release", arguments: ["10.0.0.1", "10.245.0.2", "garbage"])
    func foreign(address: String) {
        var allocator = PodIPAllocator()
        allocator.claim(address)
        allocator.release(address)
        #expect(allocator.allocate() == "10.244.0.2")
    }
}
