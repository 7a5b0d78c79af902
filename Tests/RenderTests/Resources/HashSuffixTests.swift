import Digests
import Manifests
import Testing
@testable import Render

@Suite("content hash suffix")
struct HashSuffixTests {
    @Test("digests with SHA-256", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func sha256(message: String, hex: String) {
        #expect(SHA256.hexDigest(Array(message.utf8)) == hex)
    }

    @Test("hashes data, kind and an empty name, so equal data gives equal suffixes")
    func knownHashes() throws {
        let literal = try YAMLParser(source: "t").parse(Array("{apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {a: b}}".utf8))
        let emptyMap = try YAMLParser(source: "t").parse(Array("{apiVersion: v1, kind: ConfigMap, metadata: {name: y}}".utf8))
        let emptySecret = try YAMLParser(source: "t").parse(Array("{apiVersion: v1, kind: Secret, metadata: {name: z}, type: Opaque, data: {}}".utf8))
        #expect(try HashSuffix.hash(literal[0]) == "4h2mbtbbt6")
        #expect(try HashSuffix.hash(emptyMap[0]) == "6ct58987ht")
        #expect(try HashSuffix.hash(emptySecret[0]) == "46f8b28mk5")
    }

    @Test("replaces 0, 1, 3, a and e in the first ten hex digits")
    func encoding() {
        #expect(HashSuffix.encode("0123456789abcdef") == "gh2k456789")
        #expect(HashSuffix.encode("aeaeaeaeaeff") == "mtmtmtmtmt")
    }
}
