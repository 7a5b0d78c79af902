/// An integer as Go's `strconv.ParseInt(s, 0, 64)` or `ParseUint(s, 0, 64)` reads it:
/// an optional sign, then decimal, `0x` hex, `0o` or leading-zero octal, or `0b` binary.
package enum GoInteger: Sendable, Equatable {
    case signed(Int64)
    case unsigned(UInt64)

    /// The decimal text Go prints for the value.
    package var decimal: String {
        switch self {
        case .signed(let value): return String(value)
        case .unsigned(let value): return String(value)
        }
    }

    /// Parses `text`; `nil` when Go would reject it or it does not fit 64 bits.
    package static func parse(_ text: String) -> GoInteger? {
        parse(Array(text.utf8))
    }

    /// Parses `bytes` (underscores are not accepted here; strip them first).
    package static func parse(_ bytes: [UInt8]) -> GoInteger? {
        var index = 0
        var negative = false
        var signed = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            signed = true
            index += 1
        }
        let rest = bytes[index...]
        guard let first = rest.first else { return nil }
        var base: UInt64 = 10
        if first == UInt8(ascii: "0"), rest.count > 1 {
            switch bytes[index + 1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): base = 16; index += 2
            case UInt8(ascii: "o"), UInt8(ascii: "O"): base = 8; index += 2
            case UInt8(ascii: "b"), UInt8(ascii: "B"): base = 2; index += 2
            default: base = 8; index += 1
            }
            guard index < bytes.count else { return nil }
        }
        var magnitude: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < base else { return nil }
            let (product, overflow1) = magnitude.multipliedReportingOverflow(by: base)
            let (sum, overflow2) = product.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .signed(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .signed(Int64.min) }
            return nil
        }
        if magnitude <= UInt64(Int64.max) { return .signed(Int64(magnitude)) }
        // ParseUint does not take a sign.
        return signed ? nil : .unsigned(magnitude)
    }
}
