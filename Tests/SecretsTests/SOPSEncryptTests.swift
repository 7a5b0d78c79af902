import Foundation
import Manifests
import Testing
@testable import Secrets

@Suite("SOPS encryption")
struct SOPSEncryptTests {
    static let plain = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: demo
        stringData:
          password: correct-horse-battery
          port: 5432
          ratio: 0.25
          enabled: false
          when: 2024-01-02T03:04:05Z
          empty: ""
          nested:
            token_secret: s3cr3t-token
            note_plain: visible

        """

    static let rules: [SOPSEncryptionRule] = [
        .default, .encryptedRegex("^(data|stringData)$"), .unencryptedRegex("^(kind|apiVersion|metadata)$"),
        .encryptedSuffix("_secret"), .unencryptedSuffix("_plain"),
    ]

    static func documents() throws -> [Node] { try YAMLParser(source: "plain").parse(Array(plain.utf8)) }

    @Test("what it encrypts decrypts back, with a matching MAC, under each rule", arguments: rules, [false, true])
    func roundTrip(rule: SOPSEncryptionRule, macOnlyEncrypted: Bool) throws {
        let identity = try AgeX25519Identity.generate()
        let encrypted = try SOPSFile.encrypt(try Self.documents(), format: .yaml, recipients: [identity.recipient],
                                             rule: rule, macOnlyEncrypted: macOnlyEncrypted)
        let text = String(decoding: encrypted, as: UTF8.self)
        #expect(!text.contains("s3cr3t-token"))
        #expect(SOPSFile.isEncrypted(encrypted, format: .yaml))
        let decrypted = try SOPSFile.decrypt(encrypted, name: "demo.yaml", format: .yaml, identities: [.x25519(identity)])
        guard case .documents(let documents) = decrypted else { throw SecretsError(.format, "not documents") }
        #expect(try YAMLEmitter.stream(documents) == YAMLEmitter.stream(try Self.documents()))
    }

    @Test("each recipient alone can decrypt, and JSON round trips too")
    func recipientsAndJSON() throws {
        let first = try AgeX25519Identity.generate()
        let second = try AgeX25519Identity.generate()
        let documents = try Self.documents()
        let encrypted = try SOPSFile.encrypt(documents, format: .json, recipients: [first.recipient, second.recipient])
        for identity in [first, second] {
            let decrypted = try SOPSFile.decrypt(encrypted, name: "demo.json", format: .json, identities: [.x25519(identity)])
            guard case .documents(let result) = decrypted else { throw SecretsError(.format, "not documents") }
            #expect(try JSON.serialize(result[0]) == JSON.serialize(documents[0]))
        }
    }

    @Test("a refusal never holds the plaintext, only the file and the path")
    func noPlaintextInErrors() throws {
        let identity = try AgeX25519Identity.generate()
        let encrypted = try SOPSFile.encrypt(try Self.documents(), format: .yaml, recipients: [identity.recipient])
        // Swap two encrypted values: each still authenticates, but not at the other's path.
        var text = String(decoding: encrypted, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let password = try #require(lines.firstIndex { $0.contains("password: ENC[") })
        let port = try #require(lines.firstIndex { $0.contains("port: ENC[") })
        var swapped = lines
        swapped[password] = lines[password].replacingOccurrences(of: "password:", with: "port:")
        swapped[port] = lines[port].replacingOccurrences(of: "port:", with: "password:")
        (swapped[password], swapped[port]) = (swapped[port], swapped[password])
        text = swapped.joined(separator: "\n")
        do {
            _ = try SOPSFile.decrypt(Array(text.utf8), name: "demo.yaml", format: .yaml, identities: [.x25519(identity)])
            Issue.record("decrypted swapped values")
        } catch let error as SecretsError {
            #expect(error.message.hasPrefix("cannot decrypt 'demo.yaml': "))
            #expect(error.message.contains("stringData:"))
            #expect(!error.message.contains("correct-horse"))
            #expect(!error.message.contains("5432"))
        }
    }
}
