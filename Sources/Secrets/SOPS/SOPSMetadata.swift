import Manifests

/// The `sops` block of an encrypted file (`sops:stores/stores.go`, struct
/// `metadata`), as far as decryption needs it: the age-wrapped data keys,
/// the MAC and its date, and which leaves are encrypted.
struct SOPSMetadata: Sendable {
    /// One age recipient and the data key wrapped for it (an armored age file).
    struct AgeKey: Sendable, Equatable {
        var recipient: String
        var enc: String
    }

    /// The master-key lists beside `age` that sops writes, none of which git-ops can unwrap.
    static let otherKeyServices = ["pgp", "kms", "gcp_kms", "azure_kv", "hc_vault", "hckms"]

    var ageKeys: [AgeKey]
    /// Key services with entries in this file that git-ops does not support.
    var otherServices: [String]
    var lastModified: String
    var mac: String
    var rule: SOPSEncryptionRule
    var macOnlyEncrypted: Bool
    var version: String?

    /// Reads the `sops` mapping (from YAML, JSON, or unflattened from dotenv).
    init(_ node: Node) throws {
        guard case .mapping(let map) = node else { throw SecretsError(.format, "the 'sops' metadata is not a mapping") }
        if map["key_groups"] != nil || map["shamir_threshold"] != nil {
            throw SecretsError(.format, "key groups with Shamir secret sharing ('key_groups', 'shamir_threshold') are not supported")
        }
        ageKeys = []
        if case .sequence(let entries)? = map["age"] {
            for entry in entries {
                guard case .mapping(let fields) = entry, let recipient = Self.text(fields["recipient"]), let enc = Self.text(fields["enc"]) else {
                    throw SecretsError(.format, "an entry of 'sops.age' lacks 'recipient' or 'enc'")
                }
                ageKeys.append(AgeKey(recipient: recipient, enc: enc))
            }
        }
        otherServices = Self.otherKeyServices.filter { name in
            if case .sequence(let entries)? = map[name] { return !entries.isEmpty }
            return false
        }
        guard let lastModified = Self.text(map["lastmodified"]) else { throw SecretsError(.format, "the 'sops' metadata has no 'lastmodified'") }
        guard let mac = Self.text(map["mac"]) else { throw SecretsError(.format, "the 'sops' metadata has no 'mac'") }
        self.lastModified = lastModified
        self.mac = mac
        version = Self.text(map["version"])
        macOnlyEncrypted = Self.text(map["mac_only_encrypted"]).map { ["true", "True", "TRUE"].contains($0) } ?? false
        for name in ["encrypted_comment_regex", "unencrypted_comment_regex"] where !(Self.text(map[name]) ?? "").isEmpty {
            throw SecretsError(.format, "'\(name)' is not supported: comments are not read")
        }
        var rules: [SOPSEncryptionRule] = []
        if let value = Self.text(map["unencrypted_suffix"]), !value.isEmpty { rules.append(.unencryptedSuffix(value)) }
        if let value = Self.text(map["encrypted_suffix"]), !value.isEmpty { rules.append(.encryptedSuffix(value)) }
        if let value = Self.text(map["unencrypted_regex"]), !value.isEmpty { rules.append(.unencryptedRegex(value)) }
        if let value = Self.text(map["encrypted_regex"]), !value.isEmpty { rules.append(.encryptedRegex(value)) }
        guard rules.count <= 1 else {
            throw SecretsError(.format, "more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex and unencrypted_regex is set")
        }
        rule = rules.first ?? .default
    }

    private static func text(_ node: Node?) -> String? {
        guard case .scalar(let scalar)? = node, scalar.tag != .null else { return nil }
        return scalar.value
    }

    /// The AAD of the MAC: `lastmodified` as Go's `time.Format(time.RFC3339)`
    /// prints it after `time.Parse`, which drops fractional seconds.
    var macAAD: String {
        guard let dot = lastModified.firstIndex(of: "."), lastModified.count > 19 else { return lastModified }
        let rest = lastModified[dot...].drop { $0 == "." || $0.isNumber }
        return String(lastModified[..<dot]) + rest
    }
}

/// Which leaves of a SOPS file are encrypted; sops allows at most one rule,
/// and `unencrypted_suffix: _unencrypted` when none is written.
package enum SOPSEncryptionRule: Sendable, Equatable {
    case unencryptedSuffix(String)
    case encryptedSuffix(String)
    case unencryptedRegex(String)
    case encryptedRegex(String)

    /// sops's default.
    package static let `default` = SOPSEncryptionRule.unencryptedSuffix("_unencrypted")

    /// The metadata key and value sops writes for the rule.
    var metadataEntry: (key: String, value: String) {
        switch self {
        case .unencryptedSuffix(let value): return ("unencrypted_suffix", value)
        case .encryptedSuffix(let value): return ("encrypted_suffix", value)
        case .unencryptedRegex(let value): return ("unencrypted_regex", value)
        case .encryptedRegex(let value): return ("encrypted_regex", value)
        }
    }
}

/// The leaf filter of one file: whether the leaf at a path of map keys is encrypted.
struct SOPSLeafFilter {
    let rule: SOPSEncryptionRule
    private let regex: Regex<AnyRegexOutput>?

    init(_ rule: SOPSEncryptionRule) throws {
        self.rule = rule
        switch rule {
        case .encryptedRegex(let pattern), .unencryptedRegex(let pattern):
            do {
                regex = try Regex(pattern)
            } catch {
                throw SecretsError(.format, "the sops regular expression '\(pattern)' does not compile")
            }
        default:
            regex = nil
        }
    }

    /// `sops.go` `shouldBeEncrypted`, tested against each map key of the path.
    func isEncrypted(_ path: [String]) -> Bool {
        switch rule {
        case .unencryptedSuffix(let suffix): return !path.contains { $0.hasSuffix(suffix) }
        case .encryptedSuffix(let suffix): return path.contains { $0.hasSuffix(suffix) }
        case .unencryptedRegex: return !path.contains { matches($0) }
        case .encryptedRegex: return path.contains { matches($0) }
        }
    }

    private func matches(_ component: String) -> Bool {
        guard let regex else { return false }
        return component.contains(regex)
    }
}
