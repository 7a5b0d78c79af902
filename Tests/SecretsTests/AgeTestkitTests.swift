import Digests
import Foundation
import Testing
@testable import Secrets

@Suite("age testkit (C2SP/CCTV)")
struct AgeTestkitTests {
    static let supported = TestkitVector.allNames.filter { !TestkitVector.isPostQuantum($0) }

    @Test("every vector gives its expected outcome and releases its expected plaintext", arguments: supported)
    func vector(name: String) throws {
        let vector = try TestkitVector(name: name)
        let identities = try vector.identities.map { AgeIdentity.x25519(try AgeX25519Identity(parsing: $0)) }
            + vector.passphrases.map { AgeIdentity.passphrase($0) }
        var released: [UInt8] = []
        var outcome = "success"
        do {
            try Age.decrypt(vector.file, identities: identities) { released += $0 }
        } catch let error as SecretsError {
            outcome = switch error.code {
            case .noMatch: "no match"
            case .headerMAC: "HMAC failure"
            case .header: "header failure"
            case .payload: "payload failure"
            case .armor: "armor failure"
            default: "other failure: \(error)"
            }
        }
        #expect(outcome == vector.expect, "\(name)")
        if let digest = vector.payloadDigest {
            #expect(SHA256.hexDigest(released) == digest, "\(name): released plaintext")
        }
    }

    @Test("skips the post-quantum vectors by name, saying why")
    func postQuantumSkipped() {
        let skipped = TestkitVector.allNames.filter(TestkitVector.isPostQuantum)
        for name in skipped {
            print("skipping age testkit vector \(name): post-quantum (ML-KEM-768 + X25519) recipients are not supported")
        }
        #expect(skipped.count == 19)
        #expect(Self.supported.count + skipped.count == 143)
    }
}
