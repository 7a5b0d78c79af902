/// Bech32 (BIP 173) as age spells keys with it: a human-readable part, `1`,
/// then 5-bit groups and a six-character checksum. age sets no length limit
/// (BIP 173's 90 characters would refuse nothing age writes, but age does not
/// ask for it) and uses one case throughout: `age1...` lower, `AGE-SECRET-KEY-1...` upper.
enum Bech32 {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for bit in 0..<5 where top >> UInt32(bit) & 1 == 1 { checksum ^= generator[bit] }
        }
        return checksum
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Regroups bits: 8 → 5 with padding when encoding, 5 → 8 without when decoding.
    private static func convert(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0
        var bits = 0
        var output: [UInt8] = []
        let maximum = (1 << to) - 1
        for value in data {
            accumulator = accumulator << from | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                output.append(UInt8(accumulator >> bits & maximum))
            }
            accumulator &= (1 << bits) - 1
        }
        if pad {
            if bits > 0 { output.append(UInt8(accumulator << (to - bits) & maximum)) }
        } else if bits >= from || accumulator << (to - bits) & maximum != 0 {
            return nil
        }
        return output
    }

    /// `hrp` and `data` in Bech32, lower case (callers upper-case identities).
    static func encode(hrp: String, data: [UInt8]) -> String {
        let hrpBytes = Array(hrp.lowercased().utf8)
        let groups = convert(data, from: 8, to: 5, pad: true) ?? []
        let checksum = polymod(expand(hrpBytes) + groups + [0, 0, 0, 0, 0, 0]) ^ 1
        var output = hrpBytes + [UInt8(ascii: "1")]
        output += groups.map { charset[Int($0)] }
        for index in 0..<6 { output.append(charset[Int(checksum >> UInt32(5 * (5 - index)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The human-readable part (lower case) and the data of `text`; `nil` when
    /// it mixes cases, has a bad character or separator, or a wrong checksum.
    static func decode(_ text: String) -> (hrp: String, data: [UInt8])? {
        let bytes = Array(text.utf8)
        let hasLower = bytes.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        let hasUpper = bytes.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        guard !(hasLower && hasUpper), bytes.allSatisfy({ $0 >= 33 && $0 <= 126 }),
              let separator = bytes.lastIndex(of: UInt8(ascii: "1")), separator >= 1, bytes.count - separator - 1 >= 6
        else { return nil }
        let lower = bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        let hrp = Array(lower[..<separator])
        var groups: [UInt8] = []
        for byte in lower[(separator + 1)...] {
            guard let value = charset.firstIndex(of: byte) else { return nil }
            groups.append(UInt8(value))
        }
        guard polymod(expand(hrp) + groups) == 1,
              let data = convert(Array(groups.dropLast(6)), from: 5, to: 8, pad: false)
        else { return nil }
        return (String(decoding: hrp, as: UTF8.self), data)
    }
}
