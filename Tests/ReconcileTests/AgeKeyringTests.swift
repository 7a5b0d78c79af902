import Foundation
import Secrets
import Testing
import TestSupport
@testable import Reconcile

/// Where a sync and `render --show-secrets` find age keys.
@Suite("age keys for SOPS files")
struct AgeKeyringTests {
    @Test("every source that is set adds its keys: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, ops.ageKeyFile, the user's keys.txt")
    func sources() throws {
        let sandbox = try Sandbox()
        let keys = try (0..<4).map { _ in try AgeX25519Identity.generate() }
        try sandbox.makeDirectory("config/sops/age")
        try "\(keys[1].secretKeyText)\n".write(toFile: sandbox.path("file.txt"), atomically: true, encoding: .utf8)
        try "# comment\n\(keys[2].secretKeyText)\n".write(toFile: sandbox.path("configured.txt"), atomically: true, encoding: .utf8)
        try "\(keys[3].secretKeyText)\n".write(toFile: sandbox.path("config/sops/age/keys.txt"), atomically: true, encoding: .utf8)
        let keyring = try AgeKeyring.load(environment: [
            "SOPS_AGE_KEY": keys[0].secretKeyText, "SOPS_AGE_KEY_FILE": sandbox.path("file.txt"), "XDG_CONFIG_HOME": sandbox.path("config"),
        ], configuredFile: sandbox.path("configured.txt"))
        let recipients = keyring.identities.compactMap { identity -> String? in
            if case .x25519(let key) = identity { return key.recipient.description }
            return nil
        }
        #expect(recipients == keys.map(\.recipient.description))
        #expect(keyring.sources.count == 4)
        // HOME's .config is the default when XDG_CONFIG_HOME is not set.
        let home = try AgeKeyring.load(environment: ["HOME": sandbox.path("nohome")], configuredFile: nil)
        #expect(home.identities.isEmpty)
    }

    @Test("a key file that is set but unreadable, or holds no key, is an error naming it and no key")
    func badSources() throws {
        let sandbox = try Sandbox()
        #expect {
            try AgeKeyring.load(environment: ["SOPS_AGE_KEY_FILE": sandbox.path("missing.txt")], configuredFile: nil)
        } throws: { "\($0)".contains("missing.txt") && "\($0)".contains("SOPS_AGE_KEY_FILE") }
        let secret = try AgeX25519Identity.generate().secretKeyText
        #expect {
            try AgeKeyring.load(environment: ["SOPS_AGE_KEY": String(secret.dropLast(3))], configuredFile: nil)
        } throws: { "\($0)".contains("SOPS_AGE_KEY") && !"\($0)".contains(secret.dropLast(3)) }
    }
}
