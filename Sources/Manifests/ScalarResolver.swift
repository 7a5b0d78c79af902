/// How plain scalars resolve to tags: the rules of go-yaml v3 (which kustomize
/// reads with) and of go-yaml v2 (which decides the quoting of its output).
package enum ScalarResolver {
    /// The tag go-yaml v3 gives an untagged plain scalar.
    package static func resolvePlain(_ text: String) -> Tag {
        text.withUTF8Bytes { resolvePlain(bytes: $0, yaml11: false) }
    }

    /// The tag go-yaml v2 (YAML 1.1) gives an untagged plain scalar.
    package static func resolvePlainV2(_ text: String) -> Tag {
        text.withUTF8Bytes { resolvePlain(bytes: $0, yaml11: true) }
    }

    /// True when go-yaml v2 would not print `text` as a plain string: it would read
    /// back as another type (YAML 1.1 booleans like `yes`, numbers, null,
    /// timestamps) or it is a base-60 float like `12:30`.
    package static func needsQuotingV2(_ text: String) -> Bool {
        // go-yaml v2 resolves a plain `<<` to its merge tag, so it quotes the string.
        if text == "<<" { return true }
        return text.withUTF8Bytes { bytes in
            resolvePlain(bytes: bytes, yaml11: true) != .string || isBase60Float(bytes)
        }
    }

    /// The value of one of YAML 1.1's boolean words (`yes`, `On`, `n`, `FALSE`, ...),
    /// which cover YAML 1.2's; `nil` for any other text.
    package static func yaml11Bool(_ text: String) -> Bool? {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE": return true
        case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE": return false
        default: return nil
        }
    }

    static func resolvePlain(bytes: UnsafeBufferPointer<UInt8>, yaml11: Bool) -> Tag {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
             UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            return keyword(bytes, yaml11: yaml11) ?? .string
        case UInt8(ascii: "."):
            if let tag = keyword(bytes, yaml11: yaml11) { return tag }
            return isGoFloat(bytes) ? .float : .string
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // Only `+.inf` and `-.inf` (in their cases) are keywords here.
            if bytes.count > 1, bytes[1] == UInt8(ascii: "."), let tag = keyword(bytes, yaml11: yaml11) { return tag }
            if Timestamp.parse(bytes) != nil { return .timestamp }
            var plain = [UInt8]()
            plain.reserveCapacity(bytes.count)
            for byte in bytes where byte != UInt8(ascii: "_") { plain.append(byte) }
            if GoInteger.parse(plain) != nil { return .int }
            if isYAMLStyleFloat(plain) { return .float }
            return .string
        default:
            return .string
        }
    }

    static let yaml12Keywords: [String: Tag] = [
        "true": .bool, "True": .bool, "TRUE": .bool,
        "false": .bool, "False": .bool, "FALSE": .bool,
        "~": .null, "null": .null, "Null": .null, "NULL": .null,
        ".nan": .float, ".NaN": .float, ".NAN": .float,
        ".inf": .float, ".Inf": .float, ".INF": .float,
        "+.inf": .float, "+.Inf": .float, "+.INF": .float,
        "-.inf": .float, "-.Inf": .float, "-.INF": .float,
    ]

    static let yaml11Keywords: [String: Tag] = yaml12Keywords.merging([
        "y": .bool, "Y": .bool, "yes": .bool, "Yes": .bool, "YES": .bool,
        "on": .bool, "On": .bool, "ON": .bool,
        "n": .bool, "N": .bool, "no": .bool, "No": .bool, "NO": .bool,
        "off": .bool, "Off": .bool, "OFF": .bool,
    ]) { a, _ in a }

    static func keyword(_ bytes: UnsafeBufferPointer<UInt8>, yaml11: Bool) -> Tag? {
        guard bytes.count <= 5 else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return yaml11 ? yaml11Keywords[text] : yaml12Keywords[text]
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    static func isYAMLStyleFloat<C: Collection<UInt8>>(_ bytes: C) -> Bool where C.Index == Int {
        var index = bytes.startIndex
        let end = bytes.endIndex
        func digits() -> Int {
            let start = index
            while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - start
        }
        if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            if digits() == 0 { return false }
        } else {
            if digits() == 0 { return false }
            if index < end, bytes[index] == UInt8(ascii: ".") {
                index += 1
                _ = digits()
            }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            if digits() == 0 { return false }
        }
        return index == end
    }

    /// What Go's `strconv.ParseFloat` accepts for a text starting with `.`: `.5`, `.5e3`.
    static func isGoFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        isYAMLStyleFloat(bytes)
    }

    /// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
    static func isBase60Float(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let end = bytes.count
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, isDigit(bytes[index]) else { return false }
        index += 1
        while index < end, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") { index += 1 }
        var groups = 0
        while index < end, bytes[index] == UInt8(ascii: ":") {
            index += 1
            // [0-5]?[0-9]
            guard index < end, isDigit(bytes[index]) else { return false }
            if index + 1 < end, isDigit(bytes[index + 1]) {
                guard bytes[index] <= UInt8(ascii: "5") else { return false }
                index += 2
            } else {
                index += 1
            }
            groups += 1
        }
        guard groups > 0 else { return false }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") { index += 1 }
        }
        return index == end
    }
}
