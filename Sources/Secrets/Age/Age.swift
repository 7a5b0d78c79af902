import Manifests

/// age v1 files (C2SP age.md): decryption with X25519 identities and scrypt
/// passphrases, encryption to X25519 recipients, binary or ASCII-armored.
/// Pure: bytes in, bytes out; the caller reads and writes files.
package enum Age {
    static let fileKeySize = 16
    static let x25519Label = Array("age-encryption.org/v1/X25519".utf8)
    static let scryptLabel = Array("age-encryption.org/v1/scrypt".utf8)

    /// Decrypts an age file, armored or binary, with the first identity that
    /// unwraps its file key; the plaintext is returned only when all of it authenticated.
    package static func decrypt(_ file: [UInt8], identities: [AgeIdentity]) throws -> [UInt8] {
        var plaintext: [UInt8] = []
        try decrypt(file, identities: identities) { plaintext += $0 }
        return plaintext
    }

    /// Decrypts chunk by chunk, handing each authenticated chunk to `release`.
    package static func decrypt(_ file: [UInt8], identities: [AgeIdentity], release: ([UInt8]) -> Void) throws {
        // The binary form starts with its intro (or is empty, which its parser
        // refuses); anything else must be armor.
        let binary = file.isEmpty || file.starts(with: Array("age-encryption.org/".utf8)) ? file : try AgeArmor.decode(file)
        let (header, payloadStart) = try AgeHeader.parse(binary)
        var fileKey = try unwrap(header.stanzas, identities: identities)
        defer { LibCrypto.wipe(&fileKey) }
        var macKey = try LibCrypto.hkdfSHA256(key: fileKey, salt: [], info: Array("header".utf8), length: 32)
        defer { LibCrypto.wipe(&macKey) }
        let mac = try LibCrypto.hmacSHA256(key: macKey, message: header.authenticated)
        guard LibCrypto.constantTimeEqual(mac, header.mac) else {
            throw SecretsError(.headerMAC, "the age header MAC does not match: the header was changed")
        }
        try AgeStream.open(binary[payloadStart...], fileKey: fileKey, release: release)
    }

    /// Encrypts `plaintext` to every recipient (each can decrypt alone);
    /// armored output is the PEM form age writes with `-a`.
    package static func encrypt(_ plaintext: [UInt8], to recipients: [AgeRecipient], armored: Bool = false) throws -> [UInt8] {
        guard !recipients.isEmpty else { throw SecretsError(.invalidKey, "cannot encrypt for no age recipient") }
        var fileKey = try LibCrypto.randomBytes(fileKeySize)
        defer { LibCrypto.wipe(&fileKey) }
        let stanzas = try recipients.map { try wrap(fileKey, to: $0) }
        let headerBytes = AgeHeader.encode(stanzas)
        var macKey = try LibCrypto.hkdfSHA256(key: fileKey, salt: [], info: Array("header".utf8), length: 32)
        defer { LibCrypto.wipe(&macKey) }
        let mac = try LibCrypto.hmacSHA256(key: macKey, message: headerBytes)
        let file = headerBytes + Array(" \(Base64.encode(mac, padded: false))\n".utf8)
            + (try AgeStream.seal(plaintext, fileKey: fileKey))
        return armored ? AgeArmor.encode(file) : file
    }

    // MARK: Stanzas

    static func wrap(_ fileKey: [UInt8], to recipient: AgeRecipient) throws -> AgeStanza {
        var ephemeral = try LibCrypto.randomBytes(LibCrypto.x25519KeySize)
        defer { LibCrypto.wipe(&ephemeral) }
        let share = try LibCrypto.x25519PublicKey(secret: ephemeral)
        var shared = try LibCrypto.x25519(secret: ephemeral, peer: recipient.publicKey)
        defer { LibCrypto.wipe(&shared) }
        var wrapKey = try LibCrypto.hkdfSHA256(key: shared, salt: share + recipient.publicKey, info: x25519Label, length: 32)
        defer { LibCrypto.wipe(&wrapKey) }
        let sealed = try AEAD.chaCha20Poly1305.seal(key: wrapKey, nonce: [UInt8](repeating: 0, count: 12), plaintext: fileKey)
        return AgeStanza(type: "X25519", arguments: [Base64.encode(share, padded: false)], body: sealed.ciphertext + sealed.tag)
    }

    /// The file key, from the first identity that unwraps a stanza. A stanza
    /// of the identity's type that is malformed stops the search (a header
    /// failure), as in the reference implementation; a stanza that is merely
    /// for someone else does not.
    static func unwrap(_ stanzas: [AgeStanza], identities: [AgeIdentity]) throws -> [UInt8] {
        guard !stanzas.isEmpty else { throw SecretsError(.header, "the age header has no recipient stanza") }
        for identity in identities {
            switch identity {
            case .x25519(let key):
                for stanza in stanzas where stanza.type == "X25519" {
                    if let fileKey = try unwrapX25519(stanza, identity: key) { return fileKey }
                }
            case .passphrase(let passphrase, let maxWorkFactor):
                guard stanzas.contains(where: { $0.type == "scrypt" }) else { continue }
                guard stanzas.count == 1 else {
                    throw SecretsError(.header, "an scrypt stanza must be the only one in an age header")
                }
                if let fileKey = try unwrapScrypt(stanzas[0], passphrase: passphrase, maxWorkFactor: maxWorkFactor) {
                    return fileKey
                }
            }
        }
        let types = Set(stanzas.map(\.type)).sorted().joined(separator: ", ")
        throw SecretsError(.noMatch, "no identity matched any of the recipients (stanza types: \(types))")
    }

    static func unwrapX25519(_ stanza: AgeStanza, identity: AgeX25519Identity) throws -> [UInt8]? {
        guard stanza.arguments.count == 1 else { throw SecretsError(.header, "malformed X25519 stanza: it needs exactly one argument") }
        guard let share = Base64.decode(Array(stanza.arguments[0].utf8), padded: false), share.count == 32 else {
            throw SecretsError(.header, "malformed X25519 stanza: the share is not 32 bytes of canonical base64")
        }
        guard stanza.body.count == fileKeySize + AEAD.tagSize else {
            throw SecretsError(.header, "malformed X25519 stanza: the body is not a 16-byte wrapped file key")
        }
        var shared = try LibCrypto.x25519(secret: identity.secret, peer: share)
        defer { LibCrypto.wipe(&shared) }
        var wrapKey = try LibCrypto.hkdfSHA256(key: shared, salt: share + identity.recipient.publicKey, info: x25519Label, length: 32)
        defer { LibCrypto.wipe(&wrapKey) }
        return try openFileKey(stanza.body, key: wrapKey)
    }

    static func unwrapScrypt(_ stanza: AgeStanza, passphrase: [UInt8], maxWorkFactor: Int) throws -> [UInt8]? {
        guard stanza.arguments.count == 2 else { throw SecretsError(.header, "malformed scrypt stanza: it needs a salt and a work factor") }
        guard let salt = Base64.decode(Array(stanza.arguments[0].utf8), padded: false), salt.count == 16 else {
            throw SecretsError(.header, "malformed scrypt stanza: the salt is not 16 bytes of canonical base64")
        }
        let factor = Array(stanza.arguments[1].utf8)
        // ^[1-9][0-9]*$, and small enough to be a shift.
        guard let firstDigit = factor.first, firstDigit >= UInt8(ascii: "1"), firstDigit <= UInt8(ascii: "9"),
              factor.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { throw SecretsError(.header, "malformed scrypt stanza: the work factor is not a decimal number") }
        guard factor.count <= 2, let logN = Int(stanza.arguments[1]), logN <= maxWorkFactor else {
            throw SecretsError(.header, "the scrypt work factor \(stanza.arguments[1]) is above the limit of \(maxWorkFactor)")
        }
        guard stanza.body.count == fileKeySize + AEAD.tagSize else {
            throw SecretsError(.header, "malformed scrypt stanza: the body is not a 16-byte wrapped file key")
        }
        var wrapKey = try LibCrypto.scrypt(passphrase: passphrase, salt: scryptLabel + salt, logN: logN, length: 32)
        defer { LibCrypto.wipe(&wrapKey) }
        return try openFileKey(stanza.body, key: wrapKey)
    }

    private static func openFileKey(_ body: [UInt8], key: [UInt8]) throws -> [UInt8]? {
        try AEAD.chaCha20Poly1305.open(key: key, nonce: [UInt8](repeating: 0, count: 12),
                                       ciphertext: Array(body.prefix(fileKeySize)), tag: Array(body.suffix(AEAD.tagSize)))
    }
}
