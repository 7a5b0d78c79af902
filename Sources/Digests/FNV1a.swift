/// FNV-1a, 64 bits: a fast, fixed (unseeded) hash for content that needs a
/// stable short identity across processes, never for anything secret or
/// adversarial. A collision must only ever cost work, never a wrong answer.
package enum FNV1a {
    package static let offsetBasis: UInt64 = 0xcbf29ce484222325
    package static let prime: UInt64 = 0x100000001b3

    /// The hash of `bytes`; with `seed`, of the bytes hashed into `seed` followed by these.
    package static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes, seed: UInt64 = offsetBasis) -> UInt64 {
        var value = seed
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* prime
        }
        return value
    }

    /// The hash of `text`'s UTF-8; with `seed`, continuing it.
    package static func hash(_ text: String, seed: UInt64 = offsetBasis) -> UInt64 {
        var text = text
        return text.withUTF8 { hash($0, seed: seed) }
    }
}
