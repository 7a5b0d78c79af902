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
