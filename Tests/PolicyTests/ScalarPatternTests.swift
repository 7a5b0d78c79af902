import Manifests
import Testing
@testable import Policy

/// One value of an object (as YAML), a pattern leaf (as YAML) and whether it matches.
struct LeafCase: CustomTestStringConvertible, Sendable {
    var value: String
    var pattern: String
    var matches: Bool
    var testDescription: String { "\(value) against \(pattern): \(matches)" }

    init(_ value: String, _ pattern: String, _ matches: Bool) {
        self.value = value
        self.pattern = pattern
        self.matches = matches
    }
}

func yaml(_ text: String) -> Node {
    (try? YAMLParser(source: "test", yaml11: true).parse(text).first) ?? .null
}

@Suite("ScalarPattern")
struct ScalarPatternTests {
    static let leaves: [LeafCase] = [
        // Equality and wildcards.
        LeafCase("nginx:1.27", "nginx:1.27", true),
        LeafCase("nginx:1.27", "'*:*'", true),
        LeafCase("nginx", "'*:*'", false),
        LeafCase("nginx:latest", "'!*:latest'", false),
        LeafCase("nginx:1.27", "'!*:latest'", true),
        LeafCase("", "'?*'", false),
        LeafCase("a", "'?*'", true),
        LeafCase("a/b", "a?b", true),
        LeafCase("ab", "a?b", false),
        LeafCase("eu.foo.io/app", "eu.foo.io/* | bar.io/*", true),
        LeafCase("bar.io/app", "eu.foo.io/* | bar.io/*", true),
        LeafCase("docker.io/app", "eu.foo.io/* | bar.io/*", false),
        LeafCase("abc", "a* & *c", true),
        LeafCase("abd", "a* & *c", false),
        // Numbers against numbers, strings and quantities.
        LeafCase("8080", "'>1024'", true),
        LeafCase("80", "'>1024'", false),
        LeafCase("80", "'>=80'", true),
        LeafCase("80", "'<=79'", false),
        LeafCase("'80'", "80", true),
        LeafCase("80", "'80'", true),
        LeafCase("80", "80", true),
        LeafCase("80.5", "80", false),
        LeafCase("'1Gi'", "'>512Mi'", true),
        LeafCase("'1Gi'", "'<=1024Mi'", true),
        LeafCase("'1Gi'", "'<1024Mi'", false),
        LeafCase("'500m'", "'<1'", true),
        LeafCase("'0.5'", "500m", true),
        LeafCase("2", "'>1500m'", true),
        LeafCase("'2e3'", "2k", true),
        LeafCase("'100m'", "'<=1'", true),
        // Ranges.
        LeafCase("5", "1-10", true),
        LeafCase("11", "1-10", false),
        LeafCase("11", "1!-10", true),
        LeafCase("5", "1!-10", false),
        LeafCase("'200Mi'", "100Mi-1Gi", true),
        LeafCase("-5", "-10--1", true),
        // Durations.
        LeafCase("'90s'", "'>1m'", true),
        LeafCase("'30s'", "'>1m'", false),
        LeafCase("'1h'", "60m", true),
        LeafCase("'1h30m'", "'<2h'", true),
        // Strings are neither greater nor less.
        LeafCase("b", "'>a'", false),
        LeafCase("b", "'<a'", false),
        // Bools against strings and bools.
        LeafCase("false", "'false'", true),
        LeafCase("true", "'false'", false),
        LeafCase("false", "false", true),
        LeafCase("'false'", "false", false),
        LeafCase("true", "'!false'", true),
        // Null patterns and values.
        LeafCase("null", "null", true),
        LeafCase("''", "null", true),
        LeafCase("0", "null", true),
        LeafCase("false", "null", true),
        LeafCase("x", "null", false),
        LeafCase("null", "'?*'", false),
        LeafCase("null", "'!default'", false),
        LeafCase("null", "'<5'", true),
        // Not-equal on numbers.
        LeafCase("0", "'!0'", false),
        LeafCase("1000", "'!0'", true),
    ]

    @Test("judges a leaf as Kyverno's pattern.Validate does", arguments: leaves)
    func leaf(_ item: LeafCase) {
        let value: Node? = item.value == "absent" ? nil : yaml(item.value)
        #expect(ScalarPattern.matches(value, yaml(item.pattern)) == item.matches)
    }

    @Test("reads operators and ranges from the start of a condition")
    func operatorParsing() {
        #expect(ScalarPattern.operatorOf(">=5") == .moreEqual)
        #expect(ScalarPattern.operatorOf("<5") == .less)
        #expect(ScalarPattern.operatorOf("!x") == .notEqual)
        #expect(ScalarPattern.operatorOf("1-5") == .inRange)
        #expect(ScalarPattern.operatorOf("1Mi!-5Mi") == .notInRange)
        #expect(ScalarPattern.operatorOf("a-b") == .equal)
        #expect(ScalarPattern.operatorOf("!") == .equal)
        #expect(ScalarPattern.range("1.5Gi-2Gi", separator: "-")! == ("1.5Gi", "2Gi"))
        #expect(ScalarPattern.range("1-", separator: "-") == nil)
    }

    @Test("formats floats as Go's %E with the shortest digits")
    func exponentFormat() {
        #expect(ScalarPattern.goExponentFormat(1.5) == "1.5E+00")
        #expect(ScalarPattern.goExponentFormat(100) == "1E+02")
        #expect(ScalarPattern.goExponentFormat(0.00025) == "2.5E-04")
        #expect(ScalarPattern.goExponentFormat(-3) == "-3E+00")
    }
}

@Suite("Wildcard")
struct WildcardTests {
    @Test("matches * and ? as Kyverno's wildcard library does")
    func match() {
        #expect(Wildcard.match("*", ""))
        #expect(Wildcard.match("", ""))
        #expect(!Wildcard.match("", "a"))
        #expect(Wildcard.match("my-bucket/In*/Ka*/Ban", "my-bucket/India/State1/Karnataka/Area1/Ban"))
        #expect(!Wildcard.match("my-bucket/In*/Ka*/Ban", "my-bucket/India/Karnataka/Bangalore"))
        #expect(Wildcard.match("?", "é"))
        #expect(!Wildcard.match("?", ""))
        #expect(Wildcard.match("a*b*c", "abbbc"))
        #expect(!Wildcard.match("a*b*c", "abbbd"))
    }
}

@Suite("Quantity")
struct QuantityTests {
    @Test("reads Kubernetes quantities as exact numbers")
    func values() {
        #expect(Quantity.value("1Gi") == Quantity.value("1024Mi"))
        #expect(Quantity.value("500m") == Quantity.value("0.5"))
        #expect(Quantity.value("1e3") == Quantity.value("1k"))
        #expect(Quantity.value("1E-3") == Quantity.value("1m"))
        #expect(Quantity.value("-2") == -2)
        #expect(Quantity.value(".5") == Quantity.value("500m"))
        #expect(Quantity.value("1.5.3") == nil)
        #expect(Quantity.value("latest") == nil)
        #expect(Quantity.value("1Gb") == nil)
        #expect(Quantity.value("") == nil)
    }
}
