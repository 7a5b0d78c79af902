/// Durations written as Go's `time.ParseDuration` reads them (`300ms`,
/// `1.5h`, `2h45m`, `-1m`): what Kubernetes, Flux and Argo CD users write in
/// intervals and timeouts. The one duration parser of the package.
package enum GoDuration {
    /// The duration `text` names, in nanoseconds; `nil` when Go would refuse it
    /// (no unit on a number other than 0, an unknown unit, or more than about
    /// 292 years, which overflows Go's int64 nanoseconds).
    package static func nanoseconds(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) { return 0 }
        guard !bytes.isEmpty else { return nil }
        var total: Double = 0
        var exact: Int64 = 0
        var isExact = true
        while !bytes.isEmpty {
            let number = bytes.prefix { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }
            guard !number.isEmpty, number.contains(where: { $0 != UInt8(ascii: ".") }),
                  number.filter({ $0 == UInt8(ascii: ".") }).count <= 1,
                  let value = Double(String(decoding: number, as: UTF8.self)) else { return nil }
            bytes = bytes.dropFirst(number.count)
            let unitText = bytes.prefix { !(($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".")) }
            guard let unit = units[String(decoding: unitText, as: UTF8.self)] else { return nil }
            bytes = bytes.dropFirst(unitText.count)
            total += value * Double(unit)
            // Whole numbers add exactly, so 9223372036854775807ns is not rounded.
            if isExact, !number.contains(UInt8(ascii: ".")), let whole = Int64(String(decoding: number, as: UTF8.self)) {
                let (product, productOverflow) = whole.multipliedReportingOverflow(by: unit)
                let (sum, sumOverflow) = exact.addingReportingOverflow(product)
                if productOverflow || sumOverflow { return nil }
                exact = sum
            } else {
                isExact = false
            }
        }
        if isExact { return negative ? -exact : exact }
        // Double(Int64.max) rounds up to 2^63, which Int64 cannot hold: compare below it.
        guard total < Double(Int64.max) else { return nil }
        let value = Int64(total)
        return negative ? -value : value
    }

    /// `text` as a Swift `Duration`; `nil` when Go would refuse it.
    package static func duration(_ text: String) -> Duration? {
        nanoseconds(text).map { Duration.nanoseconds($0) }
    }

    /// Nanoseconds per unit, as Go spells them (`us`, `µs` and `μs` alike).
    static let units: [String: Int64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// `nanoseconds` as Go's `Duration.String` prints it: `1h2m3s`, `1.5s`, `300ms`, `0s`.
    package static func format(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text: String
        if magnitude < 1_000_000_000 {
            let (unit, name): (UInt64, String) = magnitude < 1_000 ? (1, "ns") : magnitude < 1_000_000 ? (1_000, "µs") : (1_000_000, "ms")
            text = fraction(magnitude, unit) + name
        } else {
            let hours = magnitude / 3_600_000_000_000
            let minutes = magnitude / 60_000_000_000 % 60
            let seconds = magnitude % 60_000_000_000
            text = (hours > 0 ? "\(hours)h" : "") + (hours > 0 || minutes > 0 ? "\(minutes)m" : "") + fraction(seconds, 1_000_000_000) + "s"
        }
        return negative ? "-" + text : text
    }

    /// `value / unit` with its fraction, trailing zeros dropped: `1500, 1000` is `1.5`.
    static func fraction(_ value: UInt64, _ unit: UInt64) -> String {
        let whole = value / unit
        var rest = value % unit
        guard rest > 0 else { return "\(whole)" }
        var digits = ""
        var scale = unit / 10
        while rest > 0, scale > 0 {
            digits += "\(rest / scale)"
            rest %= scale
            scale /= 10
        }
        return "\(whole).\(digits)"
    }
}
