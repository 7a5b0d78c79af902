/// Base64 as Go and Kubernetes write and read it: standard (RFC 4648,
/// padded), the line-wrapped form kustomize writes into Secret `data` and
/// ConfigMap `binaryData`, unpadded base64url (ApplySet ids, tokens), Go's
/// `StdEncoding` decoding, and the strict, canonical form age and SOPS use.
/// The one base64 of the package.
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `bytes` encoded on one line.
    package static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { output.append(alphabet[Int((chunk >> UInt32(shift)) & 0x3f)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            var chunk = UInt32(bytes[index]) << 16
            if rest == 2 { chunk |= UInt32(bytes[index + 1]) << 8 }
            output.append(alphabet[Int((chunk >> 18) & 0x3f)])
            output.append(alphabet[Int((chunk >> 12) & 0x3f)])
            output.append(rest == 2 ? alphabet[Int((chunk >> 6) & 0x3f)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// kyaml's `encodeBase64`: once the encoding reaches 70 characters it is
    /// cut into lines of 70, and every line (the last one too) ends in "\n";
    /// a shorter encoding stays one line without a newline.
    package static func encodeWrapped(_ bytes: [UInt8]) -> String {
        let encoded = Array(encode(bytes).utf8)
        let lineLength = 70
        guard encoded.count / lineLength + 1 > 1 else { return String(decoding: encoded, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count + encoded.count / lineLength + 1)
        var start = 0
        while start < encoded.count {
            let end = min(start + lineLength, encoded.count)
            output.append(contentsOf: encoded[start..<end])
            output.append(UInt8(ascii: "\n"))
            start = end
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Go's `base64.RawURLEncoding`: `-` and `_` for `+` and `/`, no padding.
    package static func encodeRawURL(_ bytes: [UInt8]) -> String {
        String(encode(bytes).compactMap { character -> Character? in
            switch character {
            case "+": return "-"
            case "/": return "_"
            case "=": return nil
            default: return character
            }
        })
    }

    /// Go's `base64.StdEncoding.DecodeString`: the standard alphabet with its
    /// padding, line ends skipped; `nil` when the text is not valid.
    package static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        var padding = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0, let value = value(of: byte) else { return nil }
            values.append(value)
        }
        guard (values.count + padding) % 4 == 0, padding <= 2, padding == 0 || values.count % 4 == 4 - padding else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index < values.count {
            let group = values[index..<min(index + 4, values.count)]
            var chunk: UInt32 = 0
            for (offset, value) in group.enumerated() { chunk |= UInt32(value) << UInt32(18 - 6 * offset) }
            for offset in 0..<(group.count - 1) { bytes.append(UInt8((chunk >> UInt32(16 - 8 * offset)) & 0xFF)) }
            index += 4
        }
        return bytes
    }

    /// `bytes` encoded on one line, with `=` padding only when `padded`
    /// (age's header wants none, as Go's `RawStdEncoding`).
    package static func encode(_ bytes: [UInt8], padded: Bool) -> String {
        var text = encode(bytes)
        if !padded {
            while text.utf8.last == UInt8(ascii: "=") { text.removeLast() }
        }
        return text
    }

    /// Strict, canonical decoding, as age and SOPS read it (Go's
    /// `StdEncoding.Strict()` or `RawStdEncoding.Strict()`): `nil` for a byte
    /// outside the alphabet (whitespace included), a wrong length, padding
    /// where `padded` says there is none or missing where it says there is,
    /// or non-zero bits left over after the last byte.
    package static func decode<Bytes: Collection>(_ text: Bytes, padded: Bool) -> [UInt8]? where Bytes.Element == UInt8 {
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
            guard let value = value(of: character) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return output
    }

    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
