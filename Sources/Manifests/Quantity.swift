import Foundation

/// A Kubernetes `resource.Quantity` (`100m`, `1.5Gi`, `2e3`, `-1`) as an
/// exact decimal number, for comparing quantities written in different
/// units as the API server does (`1Gi` > `1000Mi`, `0.5` == `500m`).
package enum Quantity {
    /// The value `text` writes, or `nil` when it is not a quantity: an
    /// optional sign, digits with at most one point, then no suffix, a
    /// decimal SI suffix (`n u m k M G T P E`), a binary one (`Ki` ... `Ei`) or
    /// a decimal exponent (`e3`, `E-2`).
    package static func value(_ text: String) -> Decimal? {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        let number = rest.prefix { $0 == "." || ("0"..."9").contains($0) }
        guard number.contains(where: { $0 != "." }), number.filter({ $0 == "." }).count <= 1 else { return nil }
        let suffix = rest.dropFirst(number.count)
        var digits = String(number)
        if digits.hasPrefix(".") { digits = "0" + digits }
        if digits.hasSuffix(".") { digits += "0" }
        guard var value = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        if let multiplier = multipliers[String(suffix)] {
            value *= multiplier
        } else if let first = suffix.first, first == "e" || first == "E" {
            var exponent = suffix.dropFirst()
            var negativeExponent = false
            if let sign = exponent.first, sign == "+" || sign == "-" {
                negativeExponent = sign == "-"
                exponent = exponent.dropFirst()
            }
            guard !exponent.isEmpty, exponent.allSatisfy({ ("0"..."9").contains($0) }), let power = Int(exponent),
                  power <= 100 else { return nil }
            // Decimal's pow takes no negative powers: divide instead.
            if negativeExponent { value /= pow(Decimal(10), power) } else { value *= pow(Decimal(10), power) }
        } else {
            return nil
        }
        return negative ? -value : value
    }

    static let multipliers: [String: Decimal] = {
        var table: [String: Decimal] = ["": 1]
        let decimal = ["n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18]
        for (suffix, exponent) in decimal {
            table[suffix] = exponent < 0 ? 1 / pow(Decimal(10), -exponent) : pow(Decimal(10), exponent)
        }
        for (index, suffix) in ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].enumerated() {
            table[suffix] = pow(Decimal(1024), index + 1)
        }
        return table
    }()
}
