import FoundationEssentials
import Testing

@testable import State

@Suite("Times as records write them")
struct UTCTimeTests {
    /// What Foundation's ISO 8601 style writes, which `format` must match byte for byte.
    static func foundation(_ seconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(seconds)).formatted(.iso8601)
    }

    @Test("the calendar arithmetic writes what Foundation writes, at the edges of days, months, leap years and centuries")
    func edges() {
        var samples: [Int64] = [0, -1, 1, 59, 60, 3599, 3600, 86_399, 86_400, -86_400, -86_401,
                                951_782_400, 951_868_799, 951_868_800, // 2000-02-29 and 2000-03-01
                                -2_203_891_200, -2_203_977_600, // 1900-03-01 and 1900-02-28
                                4_107_542_400, 4_107_628_800, // 2100-03-01 and the day after
                                -11_676_096_000, 253_402_300_799, // 1600-01-01T00:00:00Z, 9999-12-31T23:59:59Z
                                1_796_900_100]
        for year in stride(from: 1600, through: 9999, by: 37) {
            // Around each year's 1 January and 1 March.
            let start = Int64((Double(year) - 1970) * 365.2425 * 86_400)
            samples += [start - 1, start, start + 59 * 86_400]
        }
        for seconds in samples where (-11_676_096_000...253_402_300_799).contains(seconds) {
            #expect(UTCTime.format(seconds) == Self.foundation(seconds), "at \(seconds)")
        }
    }

    @Test("random times from year 1600 to 9999 agree with Foundation and read back")
    func random() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let seconds = Int64.random(in: -11_676_096_000...253_402_300_799, using: &generator)
            let text = UTCTime.format(seconds)
            #expect(text == Self.foundation(seconds), "at \(seconds)")
            #expect(UTCTime.parse(text) == seconds, "\(text)")
        }
    }

    @Test("times outside years 1600 to 9999 are still written, as Foundation writes them")
    func outside() {
        for seconds: Int64 in [-11_676_096_001, -62_135_596_800, 253_402_300_800, -100_000_000_000, 400_000_000_000] {
            #expect(UTCTime.format(seconds) == Self.foundation(seconds))
        }
    }
}
