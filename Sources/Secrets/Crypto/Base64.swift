/// Standard base64 (RFC 4648 §4) as age and SOPS need it: strict, canonical
/// decoding (no whitespace, no non-zero trailing bits), padded or not.
///
/// age's header wants it unpadded and canonical (Go's `RawStdEncoding.Strict()`);
/// age's armor and SOPS's `ENC[...]` values want it padded (`StdEncoding`).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// The base64 text of `bytes`, with `=` padding when `padded`.
    static func encode(_ bytes: [UInt8], padded: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let word = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { output.append(alphabet[Int(word >> UInt32(shift) & 0x3F)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            var word = UInt32(bytes[index]) << 16
            if rest == 2 { word |= UInt32(bytes[index + 1]) << 8 }
            output.append(alphabet[Int(word >> 18 & 0x3F)])
            output.append(alphabet[Int(word >> 12 & 0x3F)])
            if rest == 2 { output.append(alphabet[Int(word >> 6 & 0x3F)]) }
            if padded { output.append(contentsOf: Array(repeating: UInt8(ascii: "="), count: 3 - rest)) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of `text`, or `nil` when it is not canonical base64 of the
    /// given padding: a character outside the alphabet (whitespace included),
    /// a wrong length, padding where none belongs, or non-zero unused bits.
    static func decode<Bytes: Collection>(_ text: Bytes, padded: Bool) -> [UInt8]? where Bytes.Element == UInt8 {
        var characters = Array(text)
        if padded {
            guard characters.count % 4 == 0 else { return nil }
            var padding = 0
            while padding < 2, characters.last == UInt8(ascii: "=") {
                characters.removeLast()
                padding += 1
            }
        }
        guard characters.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in characters {
            let value = values[Int(character)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        // Canonical: the bits left over after the last whole byte are zero.
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return output
    }
}
