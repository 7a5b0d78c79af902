import Testing
@testable import Manifests

@Suite("JSON")
struct JSONTests {
    @Test("round-trips values")
    func roundTrip() throws {
        let text = #"{"a":[1,2.5,true,null,"x\"y"],"b":{"c":"é\n"}}"#
        let node = try JSON.parse(text)
        #expect(try JSON.serialize(node) == text)
    }

    @Test("writes like Go's json.Marshal of a map")
    func goMarshal() throws {
        let node = try YAMLParser(source: "s").parse("z: <a&b>\na: 0777\nm: 2024-01-01\n")[0]
        #expect(try JSON.serialize(node, options: .goMarshal) == #"{"a":511,"m":"2024-01-01T00:00:00Z","z":"\u003ca\u0026b\u003e"}"#)
    }

    @Test("reports where invalid JSON is")
    func errors() throws {
        #expect(throws: YAMLError.self) { try JSON.parse("{\"a\": }") }
        #expect(throws: YAMLError.self) { try JSON.parse("[1, 2") }
    }

    @Test("formats floats as Go does", arguments: [
        (1e-7, "1e-7", "1e-07"), (0.1, "0.1", "0.1"), (1e21, "1e+21", "1e+21"), (123456789.0, "123456789", "1.23456789e+08"),
    ])
    func floats(value: Double, json: String, g: String) {
        #expect(GoFloat.json(value) == json)
        #expect(GoFloat.shortestG(value) == g)
    }

    @Test("numbers are read as RFC 8259 writes them; a bare '.', an empty exponent or a leading zero is refused",
          arguments: ["-0.", "1.", "1e", "1e+", "01", "-01", "1.e5", "-"])
    func invalidNumbers(text: String) {
        #expect(throws: YAMLError.self) { try JSON.parse("[\(text)]") }
    }

    @Test("valid numbers keep their text", arguments: ["0", "-0", "-0.5", "10", "1E5", "2.5e-3", "0.0"])
    func validNumbers(text: String) throws {
        #expect(try JSON.parse("[\(text)]").sequence?.first?.scalar?.value == text)
    }
}

@Suite("JSON round trip without text")
struct JSONRoundTripTests {
    /// Scalars of every tag and style, keys that are not strings, nesting.
    static let documents = [
        "a: 1\nb: 0x1F\nc: 0o17\nd: 1_000\ne: +5\nf: -0\n",
        "a: 1.0\nb: 1e3\nc: .5\nd: -2.50\ne: !!float 3\nf: 6.02E23\n",
        "a: true\nb: False\nc: yes\nd: ~\ne: null\nf: \"\"\n",
        "a: 2024-01-01\nb: 2001-12-14t21:59:43.10-05:00\nc: !!binary aGVsbG8=\n",
        "a: 'quoted 1'\nb: \"x\\ny\\u2028z\"\nc: |\n  block\n  text\nd: >\n  folded\ne: <a&b>\n",
        "1: one\ntrue: t\nnull: n\n2.5: f\n",
        "spec:\n  containers:\n  - name: app\n    ports: [{containerPort: 80}, {containerPort: 8080.0}]\n    env: []\n  empty: {}\n",
        "- 1\n- [2, [3, {a: [4]}]]\n- {b: c}\n",
        "a: 'é ☃ 𝄞'\nb: \"\\t\\u0000\\u001f\"\n",
    ]

    @Test("gives what parsing the serialized text gives", arguments: documents)
    func sameAsText(document: String) throws {
        let node = try YAMLParser(source: "test").parse(document)[0]
        #expect(try JSON.roundTrip(node) == JSON.parse(JSON.serialize(node)))
    }

    @Test("refuses what serializing refuses")
    func refusals() throws {
        let node = try YAMLParser(source: "test").parse("a: .inf\n")[0]
        #expect(throws: ScalarConversionError.self) { try JSON.serialize(node) }
        #expect(throws: ScalarConversionError.self) { try JSON.roundTrip(node) }
    }

    @Test("refuses nesting deeper than a parse accepts")
    func nesting() throws {
        var node = Node.string("leaf")
        for _ in 0...InputLimits.nestingDepth { node = .sequence([node]) }
        #expect(throws: YAMLError.self) { try JSON.parse(JSON.serialize(node)) }
        #expect(throws: YAMLError.self) { try JSON.roundTrip(node) }
    }
}
