import Manifests
import Testing

/// The package's one base64: RFC 4648's vectors, Go's StdEncoding rules for
/// decoding, kustomize's wrapping and the unpadded URL form.
@Suite("Base64")
struct Base64Tests {
    @Test("RFC 4648's test vectors encode and decode", arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test("decoding skips line ends and refuses what Go refuses", arguments: [
        ("Zm9v\nYmFy", "foobar" as String?), ("Zm9v\r\nYmFy\n", "foobar"), ("Zm9vYg", nil), ("Zm9v YmFy", nil),
        ("Zm9vYg=", nil), ("Zm=9", nil), ("Zm9vYg===", nil), ("Zm9-", nil),
    ])
    func goDecoding(text: String, expected: String?) {
        #expect(Base64.decode(text) == expected.map { Array($0.utf8) })
    }

    @Test("the URL form has no padding and - and _ for + and /")
    func rawURL() {
        #expect(Base64.encodeRawURL([0xfb, 0xff]) == "-_8")
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
    }

    @Test("kustomize's wrapping: lines of 70, each ending in a newline, once the encoding reaches 70")
    func wrapping() {
        let short = Base64.encodeWrapped([UInt8](repeating: 0x61, count: 51))
        #expect(short.count == 68 && !short.contains("\n"))
        let long = Base64.encodeWrapped([UInt8](repeating: 0x61, count: 120))
        #expect(long.split(separator: "\n").map(\.count) == [70, 70, 20])
        #expect(long.hasSuffix("\n"))
    }

    @Test("strict decoding, as age and SOPS read: canonical, padding exactly as asked", arguments: [
        ("Zm9vYg==", true, "foob" as String?), ("Zm9vYg", false, "foob"), ("Zm9vYg", true, nil), ("Zm9vYg==", false, nil),
        ("Zm9vYh==", true, nil), ("Zm9vYh", false, nil), ("Zm9v\nYmFy", true, nil), ("Zm9v YmFy", false, nil),
        ("Z", false, nil), ("", true, ""), ("", false, ""),
    ])
    func strict(text: String, padded: Bool, expected: String?) {
        #expect(Base64.decode(Array(text.utf8), padded: padded) == expected.map { Array($0.utf8) })
    }

    @Test("encodes with or without padding")
    func padding() {
        #expect(Base64.encode(Array("foob".utf8), padded: true) == "Zm9vYg==")
        #expect(Base64.encode(Array("foob".utf8), padded: false) == "Zm9vYg")
        #expect(Base64.encode(Array("foo".utf8), padded: false) == "Zm9v")
    }
}

