/// A scalar as JSON carries it.
package enum JSONScalar: Sendable, Equatable {
    case string(String)
    /// A number in the text `encoding/json` writes for it.
    case number(String)
    case bool(Bool)
    case null
}

/// A scalar that has no JSON form (`.inf`, `!!int abc`).
package struct ScalarConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    package var value: String
    package var reason: String
    package var description: String { "cannot convert '\(value)' to JSON: \(reason)" }
}

extension Scalar {
    /// The JSON value kustomize gives this scalar: go-yaml v3 decodes it by its
    /// tag, then `encoding/json` writes it (numbers normalised, timestamps as RFC 3339).
    package func jsonScalar() throws -> JSONScalar {
        switch tag {
        case .string, .other:
            return .string(value)
        case .binary:
            // go-yaml decodes a `!!binary` scalar to the text of its bytes; JSON
            // then writes bytes that are not UTF-8 as U+FFFD.
            guard let bytes = Self.decodeBase64(value) else {
                throw ScalarConversionError(value: value, reason: "!!binary value contains invalid base64 data")
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        case .null:
            return .null
        case .bool:
            switch value {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: throw ScalarConversionError(value: value, reason: "not a boolean")
            }
        case .int, .float:
            switch Self.decodeNumber(value) {
            case .integer(let integer):
                if tag == .float, case .signed(let signed) = integer {
                    return .number(GoFloat.json(Double(signed)))
                }
                return .number(integer.decimal)
            case .float(let double):
                guard double.isFinite else {
                    throw ScalarConversionError(value: value, reason: "json: unsupported value: \(double)")
                }
                return .number(GoFloat.json(double))
            case nil:
                throw ScalarConversionError(value: value, reason: "not a number")
            }
        case .timestamp:
            guard let stamp = Timestamp.parse(value) else {
                throw ScalarConversionError(value: value, reason: "not a timestamp")
            }
            return .string(stamp.rfc3339)
        }
    }

    /// Go's `base64.StdEncoding.DecodeString`: the standard alphabet with its
    /// padding, line ends skipped; `nil` when the text is not valid.
    static func decodeBase64(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        var padding = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0, let value = base64Value(byte) else { return nil }
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

    private static func base64Value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    /// A number as go-yaml v3 decodes it: an integer Go's `strconv` reads, or a float.
    package enum DecodedNumber {
        case integer(GoInteger)
        case float(Double)
    }

    /// A number as go-yaml v3 decodes one.
    package static func decodeNumber(_ text: String) -> DecodedNumber? {
        switch text {
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        default: break
        }
        if text.hasPrefix(".") {
            guard ScalarResolver.isYAMLStyleFloat(Array(text.utf8)), let double = Double(text) else { return nil }
            return .float(double)
        }
        let plain = Array(text.utf8.filter { $0 != UInt8(ascii: "_") })
        if let integer = GoInteger.parse(plain) { return .integer(integer) }
        if ScalarResolver.isYAMLStyleFloat(plain), let double = Double(String(decoding: plain, as: UTF8.self)) {
            return .float(double)
        }
        return nil
    }
}

extension JSONScalar {
    /// The scalar text go-yaml v2 prints after reading this JSON value back,
    /// and whether it is a string (whose quoting is still to be decided).
    package var yamlText: (text: String, isString: Bool) {
        switch self {
        case .string(let string): return (string, true)
        case .null: return ("null", false)
        case .bool(let bool): return (bool ? "true" : "false", false)
        case .number(let text):
            if let integer = GoInteger.parse(Array(text.utf8)) { return (integer.decimal, false) }
            if let double = Double(text) { return (GoFloat.shortestG(double), false) }
            return (text, false)
        }
    }
}
