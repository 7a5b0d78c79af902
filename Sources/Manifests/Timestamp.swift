/// A YAML timestamp, read as go-yaml resolves one (Go's `time.Parse` with the
/// layouts `2006-1-2T15:4:5.999999999Z07:00`, the same with a lower-case `t`,
/// `2006-1-2 15:4:5.999999999` and `2006-1-2`) and printed as Go's JSON
/// encoder prints a `time.Time` (RFC 3339 with nanoseconds, trailing zeros dropped).
package struct Timestamp: Sendable, Equatable {
    var year: Int, month: Int, day: Int
    var hour = 0, minute = 0, second = 0
    /// Fraction digits as written, trailing zeros removed.
    var fraction: [UInt8] = []
    /// Offset from UTC in minutes.
    var offsetMinutes = 0

    /// Parses `text`; `nil` when it is not a timestamp.
    package static func parse(_ text: String) -> Timestamp? {
        text.withUTF8Bytes { parse($0) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        // Quick check, as go-yaml does: every layout starts with four digits and a dash.
        guard bytes.count >= 6 else { return nil }
        var index = 0
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        func number(maxDigits: Int, exact: Bool = false) -> Int? {
            var value = 0
            var count = 0
            while count < maxDigits, isDigit(index) {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                count += 1
            }
            if count == 0 || (exact && count != maxDigits) { return nil }
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(maxDigits: 4, exact: true), expect(UInt8(ascii: "-")),
              let month = number(maxDigits: 2), expect(UInt8(ascii: "-")),
              let day = number(maxDigits: 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var stamp = Timestamp(year: year, month: month, day: day)
        if index == bytes.count { return stamp }
        let separator = bytes[index]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else {
            return nil
        }
        index += 1
        guard let hour = number(maxDigits: 2), expect(UInt8(ascii: ":")),
              let minute = number(maxDigits: 2), expect(UInt8(ascii: ":")),
              let second = number(maxDigits: 2),
              hour < 24, minute < 60, second < 60 else { return nil }
        stamp.hour = hour
        stamp.minute = minute
        stamp.second = second
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ","), isDigit(index + 1) {
            index += 1
            var digits: [UInt8] = []
            while isDigit(index) {
                digits.append(bytes[index])
                index += 1
            }
            // time.Time keeps nanoseconds.
            if digits.count > 9 { digits.removeLast(digits.count - 9) }
            while digits.last == UInt8(ascii: "0") { digits.removeLast() }
            stamp.fraction = digits
        }
        if separator == UInt8(ascii: " ") {
            return index == bytes.count ? stamp : nil
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "Z") {
            index += 1
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let negative = bytes[index] == UInt8(ascii: "-")
            index += 1
            guard let hours = number(maxDigits: 2, exact: true), expect(UInt8(ascii: ":")),
                  let minutes = number(maxDigits: 2, exact: true), hours < 24, minutes < 60 else { return nil }
            stamp.offsetMinutes = (hours * 60 + minutes) * (negative ? -1 : 1)
        } else {
            return nil
        }
        return index == bytes.count ? stamp : nil
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// RFC 3339 with nanoseconds, as Go's `time.Time.MarshalJSON` writes it.
    package var rfc3339: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if !fraction.isEmpty { text += "." + String(decoding: fraction, as: UTF8.self) }
        if offsetMinutes == 0 {
            text += "Z"
        } else {
            let magnitude = abs(offsetMinutes)
            text += (offsetMinutes < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
        }
        return text
    }
}
