import Testing
@testable import Manifests

/// Go's `time.ParseDuration` and `Duration.String`, the values checked against Go 1.22.
@Suite("Go durations")
struct GoDurationTests {
    @Test("reads what Go reads", arguments: [
        ("0", Int64(0)), ("5s", 5_000_000_000), ("300ms", 300_000_000), ("1.5h", 5_400_000_000_000),
        ("2h45m", 9_900_000_000_000), ("-1m", -60_000_000_000), ("+10us", 10_000), ("1µs", 1_000),
        ("1h1m1s1ms1us1ns", 3_661_001_001_001), (".5s", 500_000_000), ("1.s", 1_000_000_000),
        ("9223372036854775807ns", Int64.max),
    ])
    func valid(text: String, nanoseconds: Int64) {
        #expect(GoDuration.nanoseconds(text) == nanoseconds)
    }

    @Test("refuses what Go refuses", arguments: ["", "5", "1d", "s", "-", ".s", "1..5s", "1 s", "9223372036854775808ns", "3000000h"])
    func invalid(text: String) {
        #expect(GoDuration.nanoseconds(text) == nil)
    }

    @Test("prints as Go prints", arguments: [
        (Int64(0), "0s"), (1_500_000_000, "1.5s"), (300_000_000, "300ms"), (3_661_000_000_000, "1h1m1s"),
        (60_000_000_000, "1m0s"), (-2_000, "-2µs"), (4_200_000_000, "4.2s"), (999, "999ns"),
    ])
    func printed(nanoseconds: Int64, text: String) {
        #expect(GoDuration.format(nanoseconds) == text)
    }
}
