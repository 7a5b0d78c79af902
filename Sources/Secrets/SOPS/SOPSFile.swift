import Foundation
import Manifests

/// A file SOPS encrypted (getsops/sops 3.x), in one of the stores git-ops
/// reads, decrypted with age identities and checked against its MAC.
/// Pure: the caller passes the bytes, the file's name (for messages) and
/// the keys; nothing is read or written here.
package enum SOPSFile {
    /// The stores sops picks by extension: `.json`, `.env`, YAML otherwise.
    package enum Format: String, Sendable {
        case yaml, json, dotenv

        /// The store sops would use for `path`.
        package init(path: String) {
            if path.hasSuffix(".json") {
                self = .json
            } else if path.hasSuffix(".env") {
                self = .dotenv
            } else {
                self = .yaml
            }
        }
    }

    /// What a decrypted file holds: documents (YAML, JSON) or ordered `KEY=VALUE` pairs.
    package enum Plaintext: Sendable, Equatable {
        case documents([Node])
        case dotenv([(key: String, value: String)])

        package static func == (a: Plaintext, b: Plaintext) -> Bool {
            switch (a, b) {
            case (.documents(let x), .documents(let y)): return x == y
            case (.dotenv(let x), .dotenv(let y)): return x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
            default: return false
            }
        }
    }

    /// A decrypted file's text as `sops --decrypt` prints it: the documents as
    /// YAML (keys in their order) or one JSON object, or dotenv lines with a
    /// newline in a value written `\n`.
    package static func text(of plaintext: Plaintext, format: Format) throws -> [UInt8] {
        switch plaintext {
        case .dotenv(let entries):
            return Array(entries.map { "\($0.key)=\($0.value.replacingOccurrences(of: "\n", with: "\\n"))\n" }.joined().utf8)
        case .documents(let documents):
            return format == .json && documents.count == 1
                ? Array((try JSON.serialize(documents[0]) + "\n").utf8) : try YAMLEmitter.orderedStream(documents)
        }
    }

    /// Decrypts `bytes`, the contents of the file `name`, with the first
    /// identity that unwraps one of its age-wrapped data keys, and verifies
    /// the MAC over the result. Every error names the file and no plaintext.
    package static func decrypt(_ bytes: [UInt8], name: String, format: Format, identities: [AgeIdentity]) throws -> Plaintext {
        do {
            let (documents, metadataNode) = try load(bytes, name: name, format: format)
            guard let metadataNode else { throw SecretsError(.format, "no 'sops' metadata: the file is not encrypted with sops") }
            let metadata = try SOPSMetadata(metadataNode)
            var dataKey = try unwrapDataKey(metadata, identities: identities)
            defer { LibCrypto.wipe(&dataKey) }
            var tree = SOPSTree(dataKey: dataKey, filter: try SOPSLeafFilter(metadata.rule), macOnlyEncrypted: metadata.macOnlyEncrypted)
            let plain = try tree.decrypt(documents)
            try verifyMAC(metadata, computed: try tree.mac(), dataKey: dataKey)
            switch format {
            case .yaml, .json: return .documents(plain)
            case .dotenv:
                guard case .mapping(let map)? = plain.first else { return .dotenv([]) }
                return .dotenv(map.entries.map { ($0.key.value, $0.value.scalarText ?? "") })
            }
        } catch let error as SecretsError {
            throw error.naming("cannot decrypt '\(name)'")
        }
    }

    /// How the file `bytes` was encrypted: its age recipients, which values
    /// (the rule) and whether the MAC covers only those; `nil` when it is not
    /// a sops file git-ops reads. For re-encrypting a file as it was.
    package static func settings(_ bytes: [UInt8], format: Format) -> (recipients: [AgeRecipient], rule: SOPSEncryptionRule, macOnlyEncrypted: Bool)? {
        guard let (_, node) = try? load(bytes, name: "", format: format), let node, let metadata = try? SOPSMetadata(node) else { return nil }
        let recipients = metadata.ageKeys.compactMap { try? AgeRecipient(parsing: $0.recipient) }
        return (recipients, metadata.rule, metadata.macOnlyEncrypted)
    }

    /// Whether `bytes` carry a `sops` block with a MAC, as a file sops encrypted does.
    package static func isEncrypted(_ bytes: [UInt8], format: Format) -> Bool {
        guard let (_, metadata) = try? load(bytes, name: "", format: format),
              case .mapping(let map)? = metadata, map["mac"] != nil
        else { return false }
        return true
    }

    /// The documents without their `sops` keys, and the metadata of the first.
    static func load(_ bytes: [UInt8], name: String, format: Format) throws -> (documents: [Node], metadata: Node?) {
        switch format {
        case .dotenv:
            let (entries, metadata) = try Dotenv.parse(bytes)
            return ([entries], metadata)
        case .yaml, .json:
            var documents: [Node]
            do {
                documents = format == .json ? [try JSON.parse(bytes, source: name)] : try YAMLParser(source: name).parse(bytes)
            } catch {
                throw SecretsError(.format, "cannot parse it as \(format == .json ? "JSON" : "YAML")")
            }
            var metadata: Node?
            for index in documents.indices {
                guard case .mapping(var map) = documents[index], let sops = map["sops"] else { continue }
                if metadata == nil { metadata = sops }
                map["sops"] = nil
                documents[index] = .mapping(map)
            }
            return (documents, metadata)
        }
    }

    /// The 32-byte data key, from the first `sops.age` entry an identity opens.
    static func unwrapDataKey(_ metadata: SOPSMetadata, identities: [AgeIdentity]) throws -> [UInt8] {
        guard !metadata.ageKeys.isEmpty else {
            if !metadata.otherServices.isEmpty {
                throw SecretsError(.format, "the data key is wrapped only for \(metadata.otherServices.joined(separator: ", ")), " +
                    "which git-ops does not support: add an age recipient with 'sops updatekeys'")
            }
            throw SecretsError(.format, "the 'sops' metadata wraps the data key for no age recipient")
        }
        var failures: [String] = []
        for entry in metadata.ageKeys {
            do {
                let key = try Age.decrypt(Array(entry.enc.utf8), identities: identities)
                guard key.count == 32 else {
                    throw SecretsError(.integrity, "the data key wrapped for \(entry.recipient) is not 32 bytes")
                }
                return key
            } catch let error as SecretsError where error.code == .noMatch {
                continue
            } catch let error as SecretsError {
                failures.append("\(entry.recipient): \(error.message)")
            }
        }
        if !failures.isEmpty {
            throw SecretsError(.integrity, "cannot unwrap the data key for " + failures.joined(separator: "; "))
        }
        let recipients = metadata.ageKeys.map(\.recipient).joined(separator: ", ")
        var message = "no age identity given matches its recipients (\(recipients))"
        if !metadata.otherServices.isEmpty {
            message += "; it is also wrapped for \(metadata.otherServices.joined(separator: ", ")), which git-ops does not support"
        }
        throw SecretsError(.noMatch, message)
    }

    static func verifyMAC(_ metadata: SOPSMetadata, computed: String, dataKey: [UInt8]) throws {
        guard let stored = SOPSValue(parsing: metadata.mac) else {
            throw SecretsError(.integrity, "the MAC is not an ENC[AES256_GCM,...] value")
        }
        guard let mac = try stored.open(dataKey: dataKey, aad: metadata.macAAD) else {
            throw SecretsError(.integrity, "the MAC does not authenticate: it or 'lastmodified' was changed")
        }
        guard LibCrypto.constantTimeEqual(mac, Array(computed.utf8)) else {
            throw SecretsError(.integrity, "the MAC does not match the values: the file was changed after it was encrypted")
        }
    }
}

extension Node {
    var scalarText: String? {
        if case .scalar(let scalar) = self { return scalar.value }
        return nil
    }
}
