import CZlib
import Foundation

/// One vector of the C2SP/CCTV age testkit: its expectations and the file.
struct TestkitVector: CustomStringConvertible {
    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        .appendingPathComponent("age-testkit")

    /// The post-quantum vectors, skipped by name: ML-KEM-768 + X25519 hybrid
    /// recipients are outside what git-ops supports.
    static func isPostQuantum(_ name: String) -> Bool {
        name.hasPrefix("hybrid") || name == "armor_hybrid"
    }

    static var allNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    let name: String
    var expect = ""
    var payloadDigest: String?
    var identities: [String] = []
    var passphrases: [String] = []
    var file: [UInt8] = []

    var description: String { name }

    init(name: String) throws {
        self.name = name
        let bytes = try Array(Data(contentsOf: Self.directory.appendingPathComponent(name)))
        var index = 0
        var compressed = false
        while let end = bytes[index...].firstIndex(of: 0x0A) {
            let line = String(decoding: bytes[index..<end], as: UTF8.self)
            index = end + 1
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let value = String(line[line.index(colon, offsetBy: 2)...])
            switch key {
            case "expect": expect = value
            case "payload": payloadDigest = value
            case "identity": identities.append(value)
            case "passphrase": passphrases.append(value)
            case "compressed": compressed = value == "zlib"
            default: break
            }
        }
        file = Array(bytes[index...])
        if compressed { file = try Self.inflate(file) }
    }

    static func inflate(_ input: [UInt8]) throws -> [UInt8] {
        var capacity = max(input.count * 8, 1 << 16)
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            var length = uLongf(capacity)
            let status = uncompress(&output, &length, input, uLong(input.count))
            if status == Z_OK { return Array(output.prefix(Int(length))) }
            guard status == Z_BUF_ERROR else { throw CocoaError(.fileReadCorruptFile) }
            capacity *= 4
        }
    }
}
