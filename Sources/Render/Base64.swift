/// Standard base64 (RFC 4648, padded), and the line-wrapped form kustomize
/// writes into Secret `data` and ConfigMap `binaryData`.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `bytes` encoded on one line.
    static func encode(_ bytes: [UInt8]) -> String {
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
    static func encodeWrapped(_ bytes: [UInt8]) -> String {
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
}
