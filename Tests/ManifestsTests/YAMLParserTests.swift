import Testing
@testable import Manifests

@Suite("YAML parser")
struct YAMLParserTests {
    @Test("resolves plain scalars as go-yaml v3 does", arguments: [
        ("123", Manifests.Tag.int), ("0777", .int), ("0x1F", .int), ("1_000", .int), ("+12", .int),
        ("1.5", .float), (".5", .float), ("1e3", .float), (".inf", .float),
        ("true", .bool), ("False", .bool), ("yes", .string), ("on", .string),
        ("~", .null), ("null", .null), ("", .null),
        ("2024-01-01", .timestamp), ("2024-13-01", .string), ("12:30", .string), ("abc", .string), ("-", .string),
    ])
    func resolution(text: String, tag: Manifests.Tag) {
        #expect(ScalarResolver.resolvePlain(text) == tag)
    }

    @Test("reads multi-document streams, CRLF line ends and a BOM")
    func streams() throws {
        let text = "\u{FEFF}a: 1\r\nb: x\r\n---\r\n---\r\nc: [1, 2]\r\n"
        let documents = try YAMLParser(source: "s").parse(text)
        #expect(documents.count == 3)
        #expect(documents[0]["b"]?.string == "x")
        #expect(documents[1].isNull)
        #expect(documents[2]["c"]?.sequence?.count == 2)
    }

    @Test("expands anchors, aliases and merge keys")
    func anchors() throws {
        let text = """
            base: &base
              a: 1
              b: 2
            derived:
              <<: *base
              b: 3
            list: [*base]
            """
        let root = try YAMLParser(source: "s").parse(text)[0]
        #expect(root[path: ["derived", "a"]]?.text == "1")
        #expect(root[path: ["derived", "b"]]?.text == "3")
        #expect(root["list"]?.sequence?.first?["a"]?.text == "1")
    }

    @Test("rejects an alias bomb with a clear error")
    func billionLaughs() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(previous)]\n"
        }
        #expect {
            try YAMLParser(source: "bomb.yaml").parse(text)
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.source == "bomb.yaml" && error.message.contains("alias")
        }
    }

    @Test("names the file, line and column of a syntax error")
    func syntaxErrors() throws {
        #expect {
            try YAMLParser(source: "bad.yaml").parse("a: 1\nb: [1, 2\nc: 3\n")
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.source == "bad.yaml" && error.line == 3 && error.description.hasPrefix("bad.yaml:3:")
        }
    }

    @Test("rejects duplicate mapping keys")
    func duplicateKeys() throws {
        #expect(throws: YAMLError.self) { try YAMLParser(source: "d").parse("a: 1\na: 2\n") }
    }

    @Test("keeps explicit tags")
    func explicitTags() throws {
        let root = try YAMLParser(source: "t").parse("a: !!str 123\nb: !!int \"42\"\nc: !custom x\n")[0]
        #expect(root["a"]?.scalar?.tag == .string)
        #expect(root["b"]?.scalar?.tag == .int)
        #expect(root["c"]?.scalar?.tag == .other("!custom"))
    }
}

@Suite("scalars")
struct ScalarTests {
    @Test("keep a custom tag apart from the value through changes")
    func customTags() {
        var scalar = Scalar("v1", tag: .other("!secret"))
        #expect(scalar.value == "v1")
        #expect(scalar.tag == .other("!secret"))
        scalar.value = "v2"
        #expect(scalar.value == "v2")
        #expect(scalar.tag == .other("!secret"))
        scalar.tag = .int
        #expect(scalar.value == "v2")
        #expect(scalar.tag == .int)
        scalar.tag = .other("!x")
        #expect(scalar == Scalar("v2", tag: .other("!x")))
        #expect(scalar != Scalar("v2", tag: .string))
        #expect(Scalar("a", tag: .string).isString)
    }
}
