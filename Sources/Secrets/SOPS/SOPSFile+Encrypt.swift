import Foundation
import Manifests

extension SOPSFile {
    /// The version written in the metadata: the sops release whose format this follows.
    static let formatVersion = "3.11.0"

    /// Encrypts YAML or JSON documents as sops 3.x does for age recipients:
    /// a fresh data key wrapped for each recipient, the leaves `rule`
    /// selects sealed with their path as AAD, the MAC over the plaintext,
    /// and the `sops` metadata (keys sorted) appended to every document.
    /// `lastModified` is the metadata's RFC 3339 date (UTC).
    package static func encrypt(
        _ documents: [Node], format: Format, recipients: [AgeRecipient], rule: SOPSEncryptionRule = .default,
        macOnlyEncrypted: Bool = false, lastModified: Date = Date()
    ) throws -> [UInt8] {
        if format == .dotenv, documents.count != 1 || documents.first?.mapping == nil {
            throw SecretsError(.format, "a dotenv file is one mapping of KEY=VALUE entries")
        }
        guard !recipients.isEmpty else { throw SecretsError(.invalidKey, "cannot encrypt for no age recipient") }
        var dataKey = try LibCrypto.randomBytes(32)
        defer { LibCrypto.wipe(&dataKey) }
        var tree = SOPSTree(dataKey: dataKey, filter: try SOPSLeafFilter(rule), macOnlyEncrypted: macOnlyEncrypted)
        var encrypted = try tree.encrypt(documents)
        let date = rfc3339(lastModified)
        let mac = try SOPSValue.seal(Array(try tree.mac().utf8), kind: .str, dataKey: dataKey, aad: date)
        var keys: [Node] = []
        for recipient in recipients {
            let wrapped = try Age.encrypt(dataKey, to: [recipient], armored: true)
            keys.append(.mapping(Mapping([
                "recipient": .scalar(Scalar(recipient.description)),
                "enc": .scalar(Scalar(String(decoding: wrapped, as: UTF8.self))),
            ])))
        }
        var metadata: [(String, Node)] = [
            ("age", .sequence(keys)),
            ("lastmodified", .scalar(Scalar(date))),
            ("mac", .scalar(Scalar(mac.text))),
            (rule.metadataEntry.key, .scalar(Scalar(rule.metadataEntry.value))),
            ("version", .scalar(Scalar(formatVersion))),
        ]
        if macOnlyEncrypted { metadata.append(("mac_only_encrypted", .scalar(Scalar("true", tag: .bool)))) }
        let sops = Node.mapping(Mapping(metadata.sorted { $0.0 < $1.0 }.map { Mapping.Entry(key: Scalar($0.0), value: $0.1) }))
        if format == .dotenv { return Dotenv.emit(encrypted[0], metadata: sops) }
        for index in encrypted.indices {
            guard case .mapping(var map) = encrypted[index] else {
                throw SecretsError(.format, "document \(index + 1) is not a mapping: sops encrypts mappings only")
            }
            map["sops"] = sops
            encrypted[index] = .mapping(map)
        }
        do {
            switch format {
            case .json:
                guard encrypted.count == 1 else { throw SecretsError(.format, "a JSON file holds one document") }
                return Array((try JSON.serialize(encrypted[0]) + "\n").utf8)
            case .yaml, .dotenv:
                return try YAMLEmitter.orderedStream(encrypted)
            }
        } catch let error as SecretsError {
            throw error
        } catch {
            throw SecretsError(.format, "cannot print the encrypted file")
        }
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
