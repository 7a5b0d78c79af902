import FoundationEssentials

/// Times as records, leases and notes write them: RFC 3339 in UTC to the
/// second (`2026-12-01T10:15:00Z`), so that they sort byte-wise in time order.
package enum UTCTime {
    /// `seconds` since 1970-01-01T00:00:00Z, written as `2026-12-01T10:15:00Z`.
    ///
    /// Years 1600 to 9999 are written from the calendar arithmetic below: a
    /// list of records formats one time per line, and Foundation's formatter
    /// costs more to set up than the rest of a page. Other years, which no
    /// clock writes, are left to Foundation (which counts days before 1582 in
    /// the Julian calendar).
    package static func format(_ seconds: Int64) -> String {
        let (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let dayNumber = second < 0 ? days - 1 : days
        let secondOfDay = second < 0 ? second + 86_400 : second
        let (year, month, day) = civilDate(daysSince1970: dayNumber)
        guard (1600...9999).contains(year) else {
            return Date(timeIntervalSince1970: Double(seconds)).formatted(.iso8601)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func append(_ value: Int64, digits: Int) {
            var divisor: Int64 = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        append(year, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        append(month, digits: 2)
        bytes.append(UInt8(ascii: "-"))
        append(day, digits: 2)
        bytes.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, digits: 2)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The proleptic Gregorian year, month and day of the day `days` after
    /// 1970-01-01: eras of 400 years (146,097 days) counted from 0000-03-01, so
    /// that the leap day ends each year of the count.
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
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
