import Testing
@testable import Manifests

/// The bounds of `InputLimits`: input nested, aliased or sized to exhaust the
/// stack or memory is refused with an error naming the source and the limit.
@Suite("input limits")
struct InputLimitsTests {
    /// `depth` block sequences, one inside the other, around a scalar: `- - - x`.
    static func blockSequences(_ depth: Int) -> String {
        String(repeating: "- ", count: depth) + "x\n"
    }

    static func isLimitError(_ error: any Error, source: String, mentioning text: String) -> Bool {
        guard let error = error as? YAMLError else { return false }
        return error.source == source && error.message.contains(text)
    }

    @Test("YAML nested 30,000 deep is refused at the limit, naming the file", arguments: [
        blockSequences(30_000),
        "a: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n",
        "a: " + String(repeating: "{a: ", count: 100_000) + "\n",
    ])
    func deepYAML(_ text: String) throws {
        #expect {
            try YAMLParser(source: "deep.yaml").parse(text)
        } throws: { error in
            Self.isLimitError(error, source: "deep.yaml", mentioning: "more than \(InputLimits.nestingDepth) levels")
        }
    }

    @Test("YAML nested to the limit is read and printed")
    func yamlAtTheLimit() throws {
        let text = "a:\n" + Self.blockSequences(InputLimits.nestingDepth - 1)
        let node = try #require(try YAMLParser(source: "s").parse(text).first)
        let printed = try YAMLEmitter.document(node)
        #expect(try YAMLParser(source: "again").parse(printed).first == node)
        #expect(node.boundsExcess() == nil)
        let deeper = "a:\n" + Self.blockSequences(InputLimits.nestingDepth)
        #expect(throws: YAMLError.self) { try YAMLParser(source: "s").parse(deeper) }
    }

    @Test("JSON nested past the limit is refused; at the limit it is read")
    func deepJSON() throws {
        let limit = InputLimits.nestingDepth
        let atLimit = String(repeating: "[", count: limit) + "1" + String(repeating: "]", count: limit)
        #expect(try JSON.parse(atLimit, source: "body").sequence != nil)
        let deeper = String(repeating: "{\"a\":", count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect {
            try JSON.parse(deeper, source: "body")
        } throws: { error in
            Self.isLimitError(error, source: "body", mentioning: "more than \(limit) levels")
        }
    }

    @Test("an alias bomb of one large scalar repeated is refused, however few its nodes")
    func scalarAliasBomb() throws {
        // 300 KB under an anchor, repeated 4,000 times: 1.2 GB from a 320 KB file.
        let text = "a: &a " + String(repeating: "x", count: 300_000) + "\nb: [" + Array(repeating: "*a", count: 4_000).joined(separator: ",") + "]\n"
        #expect {
            try YAMLParser(source: "bomb.yaml").parse(text)
        } throws: { error in
            Self.isLimitError(error, source: "bomb.yaml", mentioning: "alias bomb")
        }
    }

    @Test("aliases that add a few times the text's size are read")
    func modestAliases() throws {
        let text = "base: &b {image: " + String(repeating: "x", count: 10_000) + "}\nuses: [" + Array(repeating: "*b", count: 20).joined(separator: ",") + "]\n"
        let node = try #require(try YAMLParser(source: "s").parse(text).first)
        #expect(node["uses"]?.sequence?.count == 20)
    }

    @Test("the printer stops at its output limit")
    func printerLimit() throws {
        let value = Node.string(String(repeating: "y", count: 1_000))
        let node = Node.mapping(Mapping((0..<100).map { Mapping.Entry(key: Scalar("k\($0)"), value: value) }))
        #expect(throws: EmitError.self) { try YAMLEmitter.streamChunks([node], limit: 10_000) }
        var emitter = YAMLEmitter()
        emitter.limit = 10_000
        #expect(throws: EmitError.self) { try emitter.emitDocument(node) }
        #expect(try YAMLEmitter.streamChunks([node]).joined().count > 100_000)
    }

    @Test("bounds of a built tree are measured without recursion and stop early")
    func treeBounds() throws {
        var deep = Node.string("x")
        for _ in 0..<(InputLimits.nestingDepth + 1) { deep = .sequence([deep]) }
        #expect(deep.boundsExcess() == .depth)
        // 2^40 nodes shared in memory: measuring stops at the weight limit.
        var wide = Node.string(String(repeating: "a", count: 100_000))
        for _ in 0..<40 { wide = .sequence([wide, wide]) }
        #expect(wide.boundsExcess() == .size)
        #expect(Node.string("x").boundsExcess() == nil)
    }
}
