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
            guard let bytes = Base64.decode(value) else {
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
