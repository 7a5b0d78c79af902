import Foundation
import Manifests
import Testing
@testable import Secrets

@Suite("SOPS files encrypted for age")
struct SOPSFileTests {
    static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("sops")

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func identities() throws -> [AgeIdentity] {
        try AgeX25519Identity.parseFile(try fixture("age.txt")).map { .x25519($0) }
    }

    static func decrypt(_ text: String, name: String, format: SOPSFile.Format) throws -> SOPSFile.Plaintext {
        try SOPSFile.decrypt(Array(text.utf8), name: name, format: format, identities: try identities())
    }

    /// The error decrypting `text` gives, which must name the file.
    static func failure(_ text: String, name: String = "secret.yaml", format: SOPSFile.Format = .yaml) throws -> SecretsError {
        do {
            _ = try decrypt(text, name: name, format: format)
        } catch let error as SecretsError {
            #expect(error.message.hasPrefix("cannot decrypt '\(name)': "), "\(error.message)")
            return error
        }
        Issue.record("decrypted a file that should be refused")
        return SecretsError(.format, "")
    }

    @Test("Flux's YAML fixture decrypts with the published key and a matching MAC")
    func fluxYAML() throws {
        let plaintext = try Self.decrypt(try Self.fixture("age.yaml"), name: "age.yaml", format: .yaml)
        guard case .documents(let documents) = plaintext, case .mapping(let secret)? = documents.first else {
            Issue.record("not one document")
            return
        }
        #expect(secret["sops"] == nil)
        #expect(secret["stringData"] == .mapping(Mapping(["key": .scalar(Scalar("value"))])))
        #expect(secret["metadata"] == .mapping(Mapping(["name": .scalar(Scalar("age"))])))
    }

    @Test("Flux's dotenv fixture decrypts with the published key and a matching MAC")
    func fluxDotenv() throws {
        let plaintext = try Self.decrypt(try Self.fixture("env.env"), name: "env.env", format: .dotenv)
        guard case .dotenv(let pairs) = plaintext else {
            Issue.record("not dotenv")
            return
        }
        #expect(pairs.map(\.key) == ["key"])
        #expect(pairs.map(\.value) == ["value"])
    }

    @Test("the same tree and metadata in JSON decrypt as the JSON store reads them")
    func json() throws {
        let yaml = try YAMLParser(source: "age.yaml").parse(Array(try Self.fixture("age.yaml").utf8))
        let text = try JSON.serialize(yaml[0])
        let plaintext = try Self.decrypt(text, name: "age.json", format: .json)
        guard case .documents(let documents) = plaintext, case .mapping(let secret)? = documents.first else {
            Issue.record("not one document")
            return
        }
        #expect(secret["stringData"] == .mapping(Mapping(["key": .scalar(Scalar("value"))])))
    }

    @Test("a changed encrypted value is refused")
    func changedValue() throws {
        let text = try Self.fixture("age.yaml").replacingOccurrences(of: "data:mHeXsmQ=", with: "data:mHeXsmR=")
        #expect(try Self.failure(text).code == .integrity)
    }

    @Test("a value moved to another key is refused: its path is authenticated")
    func movedValue() throws {
        let text = try Self.fixture("age.yaml").replacingOccurrences(of: "  key: ENC", with: "  other: ENC")
        #expect(try Self.failure(text).code == .integrity)
    }

    @Test("a changed plaintext field is refused by the MAC")
    func changedUnencryptedField() throws {
        let text = try Self.fixture("age.yaml").replacingOccurrences(of: "name: age", with: "name: agf")
        let error = try Self.failure(text)
        #expect(error.message.contains("MAC"))
    }

    @Test("a changed MAC is refused")
    func changedMAC() throws {
        let text = try Self.fixture("age.yaml").replacingOccurrences(of: "mac: ENC[AES256_GCM,data:vmrF", with: "mac: ENC[AES256_GCM,data:vmrG")
        #expect(try Self.failure(text).message.contains("MAC"))
    }

    @Test("a changed lastmodified is refused: it is the MAC's AAD")
    func changedDate() throws {
        let text = try Self.fixture("age.yaml").replacingOccurrences(of: "2024-11-12T13:33:42Z", with: "2024-11-12T13:33:43Z")
        #expect(try Self.failure(text).message.contains("MAC"))
    }

    @Test("an enc stanza swapped in from another file is refused")
    func swappedEnc() throws {
        // env.env's data key, wrapped for the same recipient, in the YAML file.
        let env = try Self.fixture("env.env")
        let line = env.split(separator: "\n").first { $0.hasPrefix("sops_age__list_0__map_enc=") }!
        let armored = String(line.dropFirst("sops_age__list_0__map_enc=".count)).replacingEscapedNewlines()
        let yaml = try Self.fixture("age.yaml")
        let start = yaml.range(of: "        -----BEGIN")!.lowerBound
        let end = yaml.range(of: "-----END AGE ENCRYPTED FILE-----\n")!.upperBound
        let indented = armored.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n") + "\n"
        let text = yaml.replacingCharacters(in: start..<end, with: indented)
        #expect(try Self.failure(text).code == .integrity)
    }

    @Test("a truncated wrapped data key is refused")
    func truncatedEnc() throws {
        let text = try Self.fixture("age.yaml").replacingOccurrences(of: "        LKiZDcq+nqKDUI7owZ+xNs2w5SrQjEWVhDXRSeSSRiJrK/bCYKzRxA==\n", with: "")
        #expect(try Self.failure(text).code == .integrity)
    }

    @Test("a truncated encrypted value is refused")
    func truncatedValue() throws {
        let text = try Self.fixture("age.yaml").replacingOccurrences(of: "data:mHeXsmQ=", with: "data:mHeX")
        #expect(try Self.failure(text).code == .integrity)
    }

    @Test("a value left in plaintext where the rule encrypts is refused")
    func plaintextWhereEncrypted() throws {
        let text = try Self.fixture("age.yaml").replacingOccurrences(of: "  key: ENC[", with: "  key: plain\n  x: ENC[")
        #expect(try Self.failure(text).code == .integrity)
    }

    @Test("a wrong key is no match, naming the recipients")
    func wrongKey() throws {
        let other = try AgeX25519Identity.generate()
        do {
            _ = try SOPSFile.decrypt(Array(try Self.fixture("age.yaml").utf8), name: "age.yaml", format: .yaml, identities: [.x25519(other)])
            Issue.record("decrypted with a wrong key")
        } catch let error as SecretsError {
            #expect(error.code == .noMatch)
            #expect(error.message.contains("'age.yaml'"))
            #expect(error.message.contains("age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29"))
        }
    }

    @Test("key services other than age are refused by name", arguments: ["pgp", "kms", "gcp_kms", "azure_kv", "hc_vault"])
    func otherServices(service: String) throws {
        var text = try Self.fixture("age.yaml")
        let start = text.range(of: "  age:\n")!.lowerBound
        let end = text.range(of: "  lastmodified:")!.lowerBound
        text.replaceSubrange(start..<end, with: "")
        text = text.replacingOccurrences(of: "  \(service): []", with: "  \(service):\n    - enc: opaque\n      created_at: \"2024-01-01T00:00:00Z\"")
        let error = try Self.failure(text)
        #expect(error.message.contains(service), "\(error.message)")
        #expect(error.message.contains("not support"))
    }

    @Test("key groups with Shamir are refused by name")
    func keyGroups() throws {
        let text = try Self.fixture("age.yaml").replacingOccurrences(of: "  kms: []", with: "  shamir_threshold: 2\n  key_groups: []")
        #expect(try Self.failure(text).message.contains("Shamir"))
    }

    @Test("more than one encryption rule is refused")
    func twoRules() throws {
        let text = try Self.fixture("age.yaml").replacingOccurrences(of: "  version: 3.9.0", with: "  version: 3.9.0\n  unencrypted_suffix: _plain")
        #expect(try Self.failure(text).code == .format)
    }

    @Test("a file without sops metadata is not encrypted")
    func notEncrypted() throws {
        #expect(!SOPSFile.isEncrypted(Array("kind: Secret\n".utf8), format: .yaml))
        #expect(SOPSFile.isEncrypted(Array(try Self.fixture("age.yaml").utf8), format: .yaml))
        #expect(SOPSFile.isEncrypted(Array(try Self.fixture("env.env").utf8), format: .dotenv))
        #expect(try Self.failure("kind: Secret\n").code == .format)
    }
}
