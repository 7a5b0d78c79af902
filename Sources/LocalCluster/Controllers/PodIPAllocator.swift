/// The addresses the simulated pods get, from kind's pod network 10.244.0.0/16: each pod a
/// free one, given back when the pod goes, so no two live pods share one (while fewer than
/// 65,023 pods exist; past that, addresses repeat).
///
/// Lives in the controller loop's state; the pods it sees at start claim their addresses.
struct PodIPAllocator: Sendable {
    /// Host numbers in use below 10.244.0.0: 256 × the third octet + the fourth.
    private var used: Set<UInt32> = []
    private var next: UInt32 = Self.first

    /// 10.244.0.2: .0 is the network, .1 the node's bridge.
    private static let first: UInt32 = 2
    private static let last: UInt32 = 0xFFFE

    static func text(_ host: UInt32) -> String {
        "10.244.\(host >> 8).\(host & 0xFF)"
    }

    static func host(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count == 4, parts[0] == 10, parts[1] == 244, parts[2] < 256, parts[3] < 256 else { return nil }
        return parts[2] << 8 | parts[3]
    }

    /// Records an address a pod already has.
    mutating func claim(_ address: String) {
        if let host = Self.host(address) { used.insert(host) }
    }

    mutating func release(_ address: String) {
        if let host = Self.host(address) { used.remove(host) }
    }

    /// The next free address after the last one handed out, skipping each /24's network and
    /// broadcast addresses.
    mutating func allocate() -> String {
        var candidate = next
        for _ in Self.first...Self.last {
            let low = candidate & 0xFF
            if low != 0 && low != 255 && !used.contains(candidate) { break }
            candidate = candidate >= Self.last ? Self.first : candidate + 1
        }
        used.insert(candidate)
        next = candidate >= Self.last ? Self.first : candidate + 1
        return Self.text(candidate)
    }
}
