/// An age X25519 recipient: the public key a file is encrypted to, written
/// `age1...` in Bech32.
package struct AgeRecipient: Sendable, Hashable, CustomStringConvertible {
    let publicKey: [UInt8]

    init(publicKey: [UInt8]) {
        self.publicKey = publicKey
    }

    /// Reads an `age1...` recipient; refuses, by name, the kinds age knows but
    /// this implementation does not (post-quantum, tagged, plugins, SSH).
    package init(parsing text: String) throws {
        let text = text.trimmingWhitespace()
        if text.hasPrefix("ssh-") || text.hasPrefix("ecdsa-") {
            throw SecretsError(.invalidKey, "SSH recipients are not supported: use an age X25519 recipient (age1...)")
        }
        // Other kinds are named by their prefix, whatever their checksum.
        if let separator = text.lastIndex(of: "1"), text.hasPrefix("age1"), text[..<separator].lowercased() != "age" {
            throw SecretsError(.invalidKey, Self.refusal(hrp: text[..<separator].lowercased()))
        }
        guard let (hrp, data) = Bech32.decode(text), hrp.hasPrefix("age") else {
            throw SecretsError(.invalidKey, "cannot parse an age recipient: not Bech32 'age1...' with a valid checksum")
        }
        guard hrp == "age", text == text.lowercased() else {
            throw SecretsError(.invalidKey, Self.refusal(hrp: hrp))
        }
        guard data.count == LibCrypto.x25519KeySize else {
            throw SecretsError(.invalidKey, "cannot parse an age recipient: it holds \(data.count) bytes, not 32")
        }
        publicKey = data
    }

    static func refusal(hrp: String) -> String {
        switch hrp {
        case "age1pq": return "post-quantum age recipients (age1pq1..., ML-KEM-768 + X25519) are not supported"
        case "age1tag", "age1tagpq": return "tagged age recipients (\(hrp)1..., p256tag) are not supported"
        default:
            if hrp.hasPrefix("age1") { return "age plugin recipients ('\(hrp)1...') are not supported" }
            return "cannot parse an age recipient: not an X25519 recipient"
        }
    }

    /// The recipient as age writes it: `age1` and lower-case Bech32.
    package var description: String { Bech32.encode(hrp: "age", data: publicKey) }
}

/// An age X25519 identity: the 32-byte secret scalar a recipient belongs to,
/// written `AGE-SECRET-KEY-1...` in upper-case Bech32. Its description never
/// shows the key; `secretKeyText` does, for a key file the caller writes.
package struct AgeX25519Identity: Sendable, CustomStringConvertible {
    let secret: [UInt8]
    /// The recipient files for this identity are encrypted to.
    package let recipient: AgeRecipient

    init(secret: [UInt8]) throws {
        self.secret = secret
        recipient = AgeRecipient(publicKey: try LibCrypto.x25519PublicKey(secret: secret))
    }

    /// Reads one `AGE-SECRET-KEY-1...` line; refuses, by name, the kinds this
    /// implementation does not support. The error never quotes the text.
    package init(parsing text: String) throws {
        let text = text.trimmingWhitespace()
        if text.hasPrefix("AGE-SECRET-KEY-PQ-1") {
            throw SecretsError(.invalidKey, "post-quantum age identities (AGE-SECRET-KEY-PQ-1...) are not supported")
        }
        if text.hasPrefix("AGE-PLUGIN-") {
            throw SecretsError(.invalidKey, "age plugin identities (AGE-PLUGIN-...) are not supported")
        }
        guard let (hrp, data) = Bech32.decode(text), hrp == "age-secret-key-", text == text.uppercased() else {
            throw SecretsError(.invalidKey, "cannot parse an age identity: not upper-case Bech32 'AGE-SECRET-KEY-1...' with a valid checksum")
        }
        guard data.count == LibCrypto.x25519KeySize else {
            throw SecretsError(.invalidKey, "cannot parse an age identity: it holds \(data.count) bytes, not 32")
        }
        try self.init(secret: data)
    }

    /// A new identity from libcrypto's random generator (age-keygen).
    package static func generate() throws -> AgeX25519Identity {
        var secret = try LibCrypto.randomBytes(LibCrypto.x25519KeySize)
        defer { LibCrypto.wipe(&secret) }
        return try AgeX25519Identity(secret: secret)
    }

    /// The identity as age writes it in a key file: `AGE-SECRET-KEY-1...`.
    package var secretKeyText: String { Bech32.encode(hrp: "AGE-SECRET-KEY-", data: secret).uppercased() }

    /// Names the identity by its recipient, never by its secret.
    package var description: String { "age identity for \(recipient)" }

    /// Reads an identity file as age and sops do: one key a line, `#` comments
    /// and blank lines ignored. Errors name the line, never its text.
    package static func parseFile(_ text: String) throws -> [AgeX25519Identity] {
        var identities: [AgeX25519Identity] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = String(line).trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                identities.append(try AgeX25519Identity(parsing: trimmed))
            } catch let error as SecretsError {
                throw SecretsError(error.code, "line \(number + 1): \(error.message)")
            }
        }
        guard !identities.isEmpty else { throw SecretsError(.invalidKey, "no age identity (AGE-SECRET-KEY-1...) found") }
        return identities
    }
}

/// What can unwrap an age file key: an X25519 identity, or a passphrase for
/// an scrypt stanza with the highest work factor it will compute.
package enum AgeIdentity: Sendable {
    case x25519(AgeX25519Identity)
    case passphrase([UInt8], maxWorkFactor: Int)

    /// age's own default: 2^22 scrypt iterations (4 GiB of memory at r = 8)
    /// is the most a decryption computes; the testkit's work factor 23 is refused.
    package static let defaultMaxWorkFactor = 22

    /// A passphrase identity with age's default work-factor limit.
    package static func passphrase(_ text: String) -> AgeIdentity {
        .passphrase(Array(text.utf8), maxWorkFactor: defaultMaxWorkFactor)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
