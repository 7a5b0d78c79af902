import Foundation
import Git
import Render
import Secrets

/// The age identities a render decrypts SOPS files with, found where sops
/// and Flux users keep them, in this order: `SOPS_AGE_KEY` (the keys
/// themselves), `SOPS_AGE_KEY_FILE`, git config `ops.ageKeyFile`, then the
/// user's age key file (`$XDG_CONFIG_HOME/sops/age/keys.txt`, else
/// `~/.config/sops/age/keys.txt`). Every source that is set and readable
/// adds its keys; one that is set but unreadable is an error naming it.
package struct AgeKeyring: Sendable {
    /// The identities found.
    package var identities: [AgeIdentity]
    /// Where they came from, for messages (never the keys).
    package var sources: [String]

    package init(identities: [AgeIdentity], sources: [String]) {
        self.identities = identities
        self.sources = sources
    }

    /// The keys of `environment` and the configured key file.
    package static func load(environment: [String: String], configuredFile: String?) throws -> AgeKeyring {
        var keyring = AgeKeyring(identities: [], sources: [])
        if let text = environment["SOPS_AGE_KEY"], !text.isEmpty {
            keyring.identities += try parse(text, source: "SOPS_AGE_KEY").map { .x25519($0) }
            keyring.sources.append("SOPS_AGE_KEY")
        }
        for (path, source) in [(environment["SOPS_AGE_KEY_FILE"], "SOPS_AGE_KEY_FILE"), (configuredFile, "git config ops.ageKeyFile")] {
            guard let path, !path.isEmpty else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SecretsError(.invalidKey, "cannot read the age key file '\(path)' (\(source))")
            }
            keyring.identities += try parse(String(decoding: data, as: UTF8.self), source: "'\(path)' (\(source))").map { .x25519($0) }
            keyring.sources.append("'\(path)'")
        }
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.config" }
        if let configHome {
            let path = configHome + "/sops/age/keys.txt"
            if let data = FileManager.default.contents(atPath: path) {
                keyring.identities += try parse(String(decoding: data, as: UTF8.self), source: "'\(path)'").map { .x25519($0) }
                keyring.sources.append("'\(path)'")
            }
        }
        return keyring
    }

    static func parse(_ text: String, source: String) throws -> [AgeX25519Identity] {
        do {
            return try AgeX25519Identity.parseFile(text)
        } catch let error as SecretsError {
            // The message names the source, never a key.
            throw SecretsError(error.code, "the age keys of \(source) cannot be read: \(error.message)")
        }
    }

    /// Decryption of SOPS files for a render, with the keys of the process's
    /// environment and `repository`'s git config `ops.ageKeyFile` (none outside
    /// a repository), loaded on the first encrypted file.
    package static func decryption(for repository: Repository?) -> SOPSDecryption {
        let configured = (try? repository?.configValue("ops.ageKeyFile")) ?? nil
        let environment = ProcessInfo.processInfo.environment
        return SOPSDecryption(remedy: remedy) { try load(environment: environment, configuredFile: configured).identities }
    }

    /// Where to put a key so that git-ops finds it, for an error about a missing one.
    package static let remedy = "set SOPS_AGE_KEY_FILE to an age key file, or git config ops.ageKeyFile, "
        + "or put the key in ~/.config/sops/age/keys.txt"
}
