import Manifests

/// One SOPS-encrypted value (`sops:aes/cipher.go`):
/// `ENC[AES256_GCM,data:<b64>,iv:<b64 32 bytes>,tag:<b64 16 bytes>,type:<type>]`,
/// AES-256-GCM under the file's data key with the value's path as AAD.
struct SOPSValue: Sendable, Equatable {
    /// The plaintext types sops records, and how each turns into bytes.
    enum Kind: String, Sendable {
        case str, int, float, bool, bytes, time, comment
    }

    static let ivSize = 32

    var ciphertext: [UInt8]
    var iv: [UInt8]
    var tag: [UInt8]
    var kind: Kind

    /// Parses `ENC[...]`; `nil` when `text` is not of that form.
    init?(parsing text: String) {
        let prefix = "ENC[AES256_GCM,"
        guard text.hasPrefix(prefix), text.hasSuffix("]") else { return nil }
        let fields = text.dropFirst(prefix.count).dropLast().split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 4, fields[0].hasPrefix("data:"), fields[1].hasPrefix("iv:"), fields[2].hasPrefix("tag:"),
              fields[3].hasPrefix("type:"),
              let data = Base64.decode(Array(fields[0].dropFirst(5).utf8), padded: true),
              let iv = Base64.decode(Array(fields[1].dropFirst(3).utf8), padded: true),
              let tag = Base64.decode(Array(fields[2].dropFirst(4).utf8), padded: true),
              let kind = Kind(rawValue: String(fields[3].dropFirst(5)))
        else { return nil }
        self.init(ciphertext: data, iv: iv, tag: tag, kind: kind)
    }

    init(ciphertext: [UInt8], iv: [UInt8], tag: [UInt8], kind: Kind) {
        self.ciphertext = ciphertext
        self.iv = iv
        self.tag = tag
        self.kind = kind
    }

    /// The value as sops writes it.
    var text: String {
        "ENC[AES256_GCM,data:\(Base64.encode(ciphertext, padded: true)),iv:\(Base64.encode(iv, padded: true))," +
            "tag:\(Base64.encode(tag, padded: true)),type:\(kind.rawValue)]"
    }

    /// The plaintext bytes; `nil` when they do not authenticate under this key and AAD.
    func open(dataKey: [UInt8], aad: String) throws -> [UInt8]? {
        guard !iv.isEmpty else { return nil }
        return try AEAD.aes256GCM.open(key: dataKey, nonce: iv, ciphertext: ciphertext, tag: tag, aad: Array(aad.utf8))
    }

    /// Encrypts `plaintext` with a fresh 32-byte IV.
    static func seal(_ plaintext: [UInt8], kind: Kind, dataKey: [UInt8], aad: String) throws -> SOPSValue {
        let iv = try LibCrypto.randomBytes(ivSize)
        let sealed = try AEAD.aes256GCM.seal(key: dataKey, nonce: iv, plaintext: plaintext, aad: Array(aad.utf8))
        return SOPSValue(ciphertext: sealed.ciphertext, iv: iv, tag: sealed.tag, kind: kind)
    }
}

extension SOPSValue.Kind {
    /// The scalar a decrypted value of this kind becomes, from its plaintext
    /// as sops wrote it (`strconv.Itoa`, `FormatFloat(f, 'f', -1, 64)`,
    /// `True`/`False`, RFC 3339 text); `nil` for a comment or a malformed plaintext.
    func scalar(_ plaintext: [UInt8]) -> Scalar? {
        let text = String(decoding: plaintext, as: UTF8.self)
        switch self {
        case .str, .bytes: return Scalar(text)
        case .int: return Int64(text).map { Scalar(String($0), tag: .int) }
        case .float: return Double(text) == nil && !["+Inf", "-Inf", "NaN"].contains(text) ? nil : Scalar(text, tag: .float)
        case .bool:
            switch text {
            case "True", "true", "TRUE", "1", "t", "T": return Scalar("true", tag: .bool)
            case "False", "false", "FALSE", "0", "f", "F": return Scalar("false", tag: .bool)
            default: return nil
            }
        case .time: return Scalar(text, tag: .timestamp)
        case .comment: return nil
        }
    }
}

extension Scalar {
    /// The bytes sops's `ToBytes` gives for this scalar as go-yaml v3 reads it
    /// into an `interface{}` (`sops.go ToBytes`): a string as is, an int in
    /// decimal, a float as `FormatFloat(f, 'f', -1, 64)`, a bool `True` or
    /// `False`, a timestamp as `MarshalText` (RFC 3339 with nanoseconds).
    /// `nil` for null, which sops does not walk.
    func sopsMACBytes() throws -> [UInt8]? {
        switch tag {
        case .null: return nil
        case .string, .other: return Array(value.utf8)
        case .timestamp: return Array((Timestamp.parse(value)?.rfc3339 ?? value).utf8)
        case .binary: return Base64.decode(Array(value.utf8.filter { $0 != 0x0A && $0 != 0x20 }), padded: true) ?? Array(value.utf8)
        case .bool:
            switch value {
            case "true", "True", "TRUE": return Array("True".utf8)
            default: return Array("False".utf8)
            }
        case .int, .float:
            switch Scalar.decodeNumber(value) {
            case .integer(.signed(let integer))?:
                return Array((tag == .float ? GoFloat.shortestF(Double(integer)) : String(integer)).utf8)
            case .integer(.unsigned)?:
                throw SecretsError(.format, "sops cannot represent an integer above 2^63-1")
            case .float(let double)?:
                return Array(GoFloat.shortestF(double).utf8)
            case nil:
                return Array(value.utf8)
            }
        }
    }
}
