#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials

/// Timestamps and identifiers as the API server writes them.
enum Clock {
    /// Now, as RFC 3339 UTC with seconds (`2026-11-27T05:07:58Z`).
    static func timestamp(offset seconds: Int = 0) -> String {
        format(time(nil) + seconds)
    }

    /// The year is added up in `Int`: a time from the wire can put `tm_year` within 1900 of `Int32.max`.
    static func format(_ seconds: Int) -> String {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        func pad(_ number: Int, _ width: Int = 2) -> String {
            let text = String(number)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1))-\(pad(Int(parts.tm_mday)))T"
            + "\(pad(Int(parts.tm_hour))):\(pad(Int(parts.tm_min))):\(pad(Int(parts.tm_sec)))Z"
    }

    /// Seconds since the epoch of an RFC 3339 UTC timestamp, as the server writes them.
    static func seconds(of timestamp: String) -> Int? {
        let bytes = Array(timestamp.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int32? { Int32(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Int(timegm(&parts))
    }

    static func now() -> Int { Int(time(nil)) }

    /// A random version-4 UUID in lower case.
    static func uuid() -> String { UUID().uuidString.lowercased() }

    /// `count` random characters of `[a-z0-9]`, as `generateName` and ReplicaSet hashes use.
    static func randomSuffix(_ count: Int) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}
