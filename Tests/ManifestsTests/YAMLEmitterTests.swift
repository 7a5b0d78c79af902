import Testing
@testable import Manifests

/// Parses one document and prints it as kustomize would.
func reprint(_ yaml: String) throws -> String {
    let documents = try YAMLParser(source: "test.yaml").parse(yaml)
    return try YAMLEmitter.document(documents[0])
}

@Suite("YAML emitter")
struct YAMLEmitterTests {
    @Test("prints scalars with go-yaml v2's quoting", arguments: [
        ("a: \"yes\"", "a: \"yes\"\n"),
        ("'<<': m", "\"<<\": m\n"),
        ("a: '<<'", "a: \"<<\"\n"),
        ("a: \"on\"", "a: \"on\"\n"),
        ("a: \"null\"", "a: \"null\"\n"),
        ("a: \"\"", "a: \"\"\n"),
        ("a: \"123\"", "a: \"123\"\n"),
        ("a: \"1e10\"", "a: \"1e10\"\n"),
        ("a: \"12:30\"", "a: \"12:30\"\n"),
        ("a: \"2024-01-01\"", "a: \"2024-01-01\"\n"),
        ("a: \"0x1F\"", "a: \"0x1F\"\n"),
        ("a: \"@x\"", "a: '@x'\n"),
        ("a: \"a: b\"", "a: 'a: b'\n"),
        ("a: \"a #b\"", "a: 'a #b'\n"),
        ("a: \" a\"", "a: ' a'\n"),
        ("a: \"-\"", "a: '-'\n"),
        ("a: -dash", "a: -dash\n"),
        ("a: \"it's\"", "a: it's\n"),
        ("a: http://x.y/z?a=1#f", "a: http://x.y/z?a=1#f\n"),
        ("a: \"a\\tb\"", "a: \"a\\tb\"\n"),
        ("a: \"🚀 go\"", "a: \"\\U0001F680 go\"\n"),
        ("a: 日本語", "a: 日本語\n"),
        ("a: \".\"", "a: .\n"),
        ("a: \"\\ufeffa b\"", "a: \"\\uFEFF\\x61\\x20\\x62\"\n"),
    ])
    func quoting(input: String, expected: String) throws {
        #expect(try reprint(input) == expected)
    }

    @Test("normalises numbers through JSON", arguments: [
        ("a: 0777", "a: 511\n"),
        ("a: 0o17", "a: 15\n"),
        ("a: 0x1F", "a: 31\n"),
        ("a: 1.0", "a: 1\n"),
        ("a: 1.50", "a: 1.5\n"),
        ("a: 1e3", "a: 1000\n"),
        ("a: .5", "a: 0.5\n"),
        ("a: -0.0", "a: 0\n"),
        ("a: 0.00001", "a: 1e-05\n"),
        ("a: 1e21", "a: 1e+21\n"),
        ("a: 100000000000000000000.0", "a: 1e+20\n"),
        ("a: +12", "a: 12\n"),
        ("a: 1_000", "a: 1000\n"),
        ("a: 9007199254740993", "a: 9007199254740993\n"),
        ("a: 123456789012345678901234567890", "a: 1.2345678901234568e+29\n"),
        ("a: 1234567.5", "a: 1.2345675e+06\n"),
        ("a: 2024-01-01", "a: \"2024-01-01T00:00:00Z\"\n"),
        ("a: 2001-12-14t21:59:43.10-05:00", "a: \"2001-12-14T21:59:43.1-05:00\"\n"),
        ("a: ~", "a: null\n"),
        ("a:", "a: null\n"),
        ("a: yes", "a: \"yes\"\n"),
        ("a: true", "a: true\n"),
    ])
    func numbers(input: String, expected: String) throws {
        #expect(try reprint(input) == expected)
    }

    @Test("sorts keys in go-yaml v2's natural order")
    func keyOrder() throws {
        let keys = ["a10", "a9", "a2b", "a02", "a2", "B", "b", "_x", "\"-x\"", "x_1", "x1", "\"x 1\"", "é", "Z", "\"007\"", "\"7\"", "\"~\"", "\"{\""]
        let input = keys.enumerated().map { "\($0.element): \($0.offset)" }.joined(separator: "\n")
        let output = try reprint(input)
        let printed = output.split(separator: "\n").map { String($0.split(separator: ":")[0]) }
        #expect(printed == ["-x", "_x", "'{'", "\"~\"", "\"7\"", "\"007\"", "B", "Z", "a2", "a2b", "a02", "a9", "a10", "b", "x 1", "x_1", "x1", "é"])
    }

    @Test("lays out nested collections like kustomize")
    func layout() throws {
        let input = """
            spec:
              containers:
                - name: a
                  args: [x, y]
                  env: []
                  resources: {}
              nested:
                - - 1
                  - 2
            """
        let expected = """
            spec:
              containers:
              - args:
                - x
                - "y"
                env: []
                name: a
                resources: {}
              nested:
              - - 1
                - 2

            """
        #expect(try reprint(input) == expected)
    }

    @Test("prints multi-line strings as literal blocks")
    func literalBlocks() throws {
        #expect(try reprint("a: \"x\\ny\\n\"") == "a: |\n  x\n  y\n")
        #expect(try reprint("a: \"x\\ny\"") == "a: |-\n  x\n  y\n")
        #expect(try reprint("a: \"x\\n\\n\"") == "a: |+\n  x\n\n")
        #expect(try reprint("a: \" x\\ny\\n\"") == "a: |2\n   x\n  y\n")
        #expect(try reprint("a: \"x \\ny\\n\"") == "a: \"x \\ny\\n\"\n")
        #expect(try reprint("a: >\n  folded\n  text\n") == "a: |\n  folded text\n")
    }

    @Test("folds long strings at 80 columns")
    func folding() throws {
        let words = Array(repeating: "lorem", count: 20).joined(separator: " ")
        let output = try reprint("key: \(words)")
        #expect(output == "key: lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem\n  lorem lorem lorem lorem lorem lorem lorem\n")
        let long = String(repeating: "x", count: 120)
        #expect(try reprint("key: \(long)") == "key: \(long)\n")
    }

    @Test("writes keys longer than 128 bytes as complex keys")
    func longKeys() throws {
        let key = String(repeating: "k", count: 130)
        #expect(try reprint("\(key): v") == "? \(key)\n: v\n")
    }

    @Test("refuses non-string keys, as kustomize's JSON step does")
    func nonStringKeys() throws {
        #expect(throws: EmitError.self) { try reprint("ports:\n  80: http") }
        #expect(throws: EmitError.self) { try reprint("a: .inf") }
    }

    @Test("refuses characters JSON leaves raw and go-yaml v2 cannot read back", arguments: [
        #"a: "x\u007Fy""#, #"a: "x\u0086y""#, #"a: "x\uFFFEy""#, #""k\u009F": v"#,
    ])
    func unreadableCharacters(input: String) throws {
        #expect(throws: EmitError.self) { try reprint(input) }
    }

    @Test("escapes the control characters JSON escapes, and folds NEL as go-yaml v2 reads it back", arguments: [
        (#"a: "x\u0007y""#, "a: \"x\\ay\"\n"),
        (#"a: "x\u0085y""#, "a: x y\n"),
        (#"a: "a \u0085 \u0085\u0085 b""#, "a: |-\n  a\n\n  b\n"),
        (#"a: "\u0085x""#, "a: ' x'\n"),
        (#"a: "a\tb \u0085c""#, "a: \"a\\tb c\"\n"),
    ])
    func escapedCharacters(input: String, expected: String) throws {
        #expect(try reprint(input) == expected)
    }

    @Test("joins documents with ---")
    func stream() throws {
        let documents = try YAMLParser(source: "s").parse("a: 1\n---\nb: 2\n")
        #expect(try YAMLEmitter.stream(documents) == "a: 1\n---\nb: 2\n")
        #expect(try YAMLEmitter.stream([]) == "")
    }
}
