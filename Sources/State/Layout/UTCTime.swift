import FoundationEssentials

/// Times as records, leases and notes write them: RFC 3339 in UTC to the
/// second (`2026-12-01T10:15:00Z`), so that they sort byte-wise in time order.
package enum UTCTime {
    /// `seconds` since 1970-01-01T00:00:00Z, written as `2026-12-01T10:15:00Z`.
    package static func format(_ seconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(seconds)).formatted(.iso8601)
    }

    /// The seconds since 1970 of a time written by `format`, or `nil` for any other text.
    package static func parse(_ text: String) -> Int64? {
        guard let date = try? Date.ISO8601FormatStyle().parse(text) else { return nil }
        return Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// The seconds since 1970 now, by the system clock.
    package static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970.rounded(.down))
    }
}
