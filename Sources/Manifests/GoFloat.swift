/// Go's ways of printing a float64: `encoding/json` and `strconv.FormatFloat(f, 'g', -1, 64)`.
/// Both start from the shortest decimal that reads back as the same double,
/// which Swift's `description` also produces.
package enum GoFloat {
    /// The shortest decimal digits of `value` (no leading or trailing zeros) and
    /// the position of the decimal point relative to them (`0.0123` → "123", -1).
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], pointPosition: Int) {
        let text = Array(value.magnitude.description.utf8)
        var mantissa = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
        }
        var digits: [UInt8] = []
        var pointPosition: Int?
        for byte in mantissa {
            if byte == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else {
                digits.append(byte)
            }
        }
        var point = (pointPosition ?? digits.count) + exponent
        while let first = digits.first, first == UInt8(ascii: "0"), digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0"), digits.count > 1 {
            digits.removeLast()
        }
        if digits == [UInt8(ascii: "0")] { point = 1 }
        return (digits, point)
    }

    /// `%e` with the shortest digits: `1.5e-07`, `1e+21`.
    static func exponentForm(_ value: Double, minExponentDigits: Int) -> String {
        let (digits, point) = shortestDigits(value)
        var text = value.sign == .minus && value != 0 ? "-" : ""
        text += String(UnicodeScalar(digits[0]))
        if digits.count > 1 {
            text += "." + String(decoding: digits[1...], as: UTF8.self)
        }
        let exponent = point - 1
        text += exponent < 0 ? "e-" : "e+"
        let magnitude = String(abs(exponent))
        text += String(repeating: "0", count: max(0, minExponentDigits - magnitude.count)) + magnitude
        return text
    }

    /// `%f` with the shortest digits: `0.00001`, `123.5`, `100000000000000000000`.
    static func fixedForm(_ value: Double) -> String {
        let (digits, point) = shortestDigits(value)
        var text = value.sign == .minus ? "-" : ""
        if point <= 0 {
            text += "0." + String(repeating: "0", count: -point) + String(decoding: digits, as: UTF8.self)
        } else if point >= digits.count {
            text += String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: point - digits.count)
        } else {
            text += String(decoding: digits[..<point], as: UTF8.self) + "." + String(decoding: digits[point...], as: UTF8.self)
        }
        return text
    }

    /// What `encoding/json` writes for a finite float64.
    package static func json(_ value: Double) -> String {
        let magnitude = value.magnitude
        if magnitude != 0, magnitude < 1e-6 || magnitude >= 1e21 {
            return exponentForm(value, minExponentDigits: 1)
        }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        return fixedForm(value)
    }

    /// What `strconv.FormatFloat(value, 'f', -1, 64)` writes (sops turns floats into MAC input so).
    package static func shortestF(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value.sign == .minus ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        return fixedForm(value)
    }

    /// What `strconv.FormatFloat(value, 'g', -1, 64)` writes (go-yaml v2 prints floats so).
    package static func shortestG(_ value: Double) -> String {
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let (_, point) = shortestDigits(value)
        let exponent = point - 1
        // Go uses %e when the exponent is below -4 or at least the precision,
        // which is taken as 6 for the shortest form.
        if exponent < -4 || exponent >= 6 {
            return exponentForm(value, minExponentDigits: 2)
        }
        return fixedForm(value)
    }
}
