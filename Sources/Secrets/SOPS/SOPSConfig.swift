import Foundation
import Manifests

/// `.sops.yaml`: the `creation_rules` that say, by a regex over a file's path,
/// whom a new file is encrypted for and which of its values. Pure: the
/// caller reads the file and says which path to match.
package struct SOPSConfig: Sendable {
    /// One creation rule.
    package struct CreationRule: Sendable {
        /// `path_regex`; `nil` matches every file.
        package var pathRegex: String?
        /// `age`: the recipients.
        package var recipients: [AgeRecipient]
        /// Which values are encrypted.
        package var rule: SOPSEncryptionRule
        /// `mac_only_encrypted`.
        package var macOnlyEncrypted: Bool

        package init(pathRegex: String?, recipients: [AgeRecipient], rule: SOPSEncryptionRule, macOnlyEncrypted: Bool) {
            self.pathRegex = pathRegex
            self.recipients = recipients
            self.rule = rule
            self.macOnlyEncrypted = macOnlyEncrypted
        }
    }

    package var rules: [CreationRule]

    /// Reads the text of a `.sops.yaml`; `name` names it in errors. Key
    /// services git-ops does not support are refused by name.
    package init(_ bytes: [UInt8], name: String) throws {
        let document: Node?
        do {
            document = try YAMLParser(source: name).parseFirstDocument(bytes)
        } catch {
            throw SecretsError(.format, "\(name) is not valid YAML")
        }
        rules = []
        guard let items = document?["creation_rules"]?.sequence else { return }
        for (index, item) in items.enumerated() {
            let at = "\(name): creation_rules[\(index)]"
            guard let map = item.mapping else { throw SecretsError(.format, "\(at) is not a mapping") }
            for service in ["pgp", "kms", "gcp_kms", "azure_keyvault", "hc_vault_transit_uri", "hckms", "key_groups"]
            where map[service] != nil {
                throw SecretsError(.format, "\(at) uses '\(service)', which git-ops does not support; use age recipients")
            }
            var recipients: [AgeRecipient] = []
            if let age = map["age"] {
                let texts = age.sequence?.compactMap(\.text) ?? (age.text ?? "").split(separator: ",").map(String.init)
                for text in texts {
                    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    if trimmed.isEmpty { continue }
                    recipients.append(try AgeRecipient(parsing: trimmed))
                }
            }
            var chosen: [SOPSEncryptionRule] = []
            if let value = map["encrypted_regex"]?.text { chosen.append(.encryptedRegex(value)) }
            if let value = map["unencrypted_regex"]?.text { chosen.append(.unencryptedRegex(value)) }
            if let value = map["encrypted_suffix"]?.text { chosen.append(.encryptedSuffix(value)) }
            if let value = map["unencrypted_suffix"]?.text { chosen.append(.unencryptedSuffix(value)) }
            guard chosen.count <= 1 else {
                throw SecretsError(.format, "\(at) sets more than one of encrypted_regex, unencrypted_regex, encrypted_suffix and unencrypted_suffix")
            }
            rules.append(CreationRule(pathRegex: map["path_regex"]?.text, recipients: recipients, rule: chosen.first ?? .default,
                                      macOnlyEncrypted: map["mac_only_encrypted"]?.text == "true"))
        }
    }

    /// The first rule whose `path_regex` matches `path` (relative to the
    /// directory of `.sops.yaml`), as sops picks one.
    package func rule(for path: String) throws -> CreationRule? {
        for rule in rules {
            guard let pattern = rule.pathRegex else { return rule }
            let regex: Regex<AnyRegexOutput>
            do {
                regex = try Regex(pattern)
            } catch {
                throw SecretsError(.format, "path_regex '\(pattern)' is not a regular expression")
            }
            if (try? regex.firstMatch(in: path)) != nil { return rule }
        }
        return nil
    }
}
