import Testing
@testable import Secrets

@Suite("age keys and files")
struct AgeTests {
    @Test("a generated identity prints as AGE-SECRET-KEY-1 and reads back to the same recipient")
    func keygenRoundTrip() throws {
        let identity = try AgeX25519Identity.generate()
        let text = identity.secretKeyText
        #expect(text.hasPrefix("AGE-SECRET-KEY-1"))
        let reread = try AgeX25519Identity(parsing: text)
        #expect(reread.recipient == identity.recipient)
        #expect(identity.recipient.description.hasPrefix("age1"))
        #expect(try AgeRecipient(parsing: identity.recipient.description) == identity.recipient)
        #expect(!identity.description.contains(text))
    }

    @Test("the published Flux test key gives its published recipient")
    func knownRecipient() throws {
        let identity = try AgeX25519Identity(parsing: "AGE-SECRET-KEY-1RH87A5Z54ZGUR9S0AS3R6WHFSEFNPLYMAKF5Z2CEU7R06VRJ0A3Q7242AM")
        #expect(identity.recipient.description == "age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29")
    }

    @Test("encrypts to several recipients, binary and armored, and each identity decrypts", arguments: [false, true])
    func encryptRoundTrip(armored: Bool) throws {
        let first = try AgeX25519Identity.generate()
        let second = try AgeX25519Identity.generate()
        for size in [0, 1, 65_535, 65_536, 65_537, 200_000] {
            let plaintext = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let file = try Age.encrypt(plaintext, to: [first.recipient, second.recipient], armored: armored)
            #expect(file.starts(with: Array((armored ? "-----BEGIN AGE ENCRYPTED FILE-----\n" : "age-encryption.org/v1\n").utf8)))
            #expect(try Age.decrypt(file, identities: [.x25519(second)]) == plaintext)
            #expect(try Age.decrypt(file, identities: [.x25519(first)]) == plaintext)
        }
    }

    @Test("a file for someone else is no match")
    func wrongIdentity() throws {
        let file = try Age.encrypt(Array("secret".utf8), to: [try AgeX25519Identity.generate().recipient])
        #expect(throws: SecretsError.self) { try Age.decrypt(file, identities: [.x25519(try AgeX25519Identity.generate())]) }
        do {
            _ = try Age.decrypt(file, identities: [.x25519(try AgeX25519Identity.generate())])
        } catch let error as SecretsError {
            #expect(error.code == .noMatch)
        }
    }

    @Test("refuses keys it does not support, naming their kind", arguments: [
        ("age1pq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5hlpc2", "post-quantum"),
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN", "SSH"),
        ("age1yubikey1qwt50d05nh5vutpdzmlg5wn80xq5negm4uj9ghv0snvdd3yysf5yw3rhl3t", "plugin"),
    ])
    func refusesRecipient(text: String, kind: String) {
        #expect(throws: SecretsError.self) { try AgeRecipient(parsing: text) }
        do {
            _ = try AgeRecipient(parsing: text)
        } catch let error as SecretsError {
            #expect(error.message.contains(kind), "\(error.message)")
        } catch {}
    }

    @Test("refuses a post-quantum identity by name, and never quotes a key in an error")
    func refusesIdentity() {
        let pq = "AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG"
        let broken = "AGE-SECRET-KEY-1RH87A5Z54ZGUR9S0AS3R6WHFSEFNPLYMAKF5Z2CEU7R06VRJ0A3Q7242AQ"
        for text in [pq, broken] {
            do {
                _ = try AgeX25519Identity(parsing: text)
                Issue.record("accepted \(text.prefix(20))")
            } catch let error as SecretsError {
                #expect(!error.message.contains(String(text.dropFirst(16))))
                if text == pq { #expect(error.message.contains("post-quantum")) }
            } catch {}
        }
    }

    @Test("reads an identity file, skipping comments and blank lines")
    func identityFile() throws {
        let text = """
            # created: 2021-03-31T09:51:59+02:00
            # public key: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29

            AGE-SECRET-KEY-1RH87A5Z54ZGUR9S0AS3R6WHFSEFNPLYMAKF5Z2CEU7R06VRJ0A3Q7242AM

            """
        let identities = try AgeX25519Identity.parseFile(text)
        #expect(identities.count == 1)
        #expect(identities[0].recipient.description == "age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29")
    }
}
