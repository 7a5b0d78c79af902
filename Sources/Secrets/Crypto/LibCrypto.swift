import COpenSSL
import Digests

/// The primitives age and SOPS need, each one call into OpenSSL 3's libcrypto:
/// nothing here computes cryptography of its own. Every handle is freed
/// before the function returns; key buffers the functions make are wiped.
enum LibCrypto {
    static let x25519KeySize = 32

    /// `count` bytes from libcrypto's CSPRNG.
    static func randomBytes(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count == 0 || RAND_bytes(&bytes, Int32(count)) == 1 else {
            throw SecretsError(.crypto, "cannot draw random bytes from libcrypto")
        }
        return bytes
    }

    /// Overwrites `bytes` with zeros in a way the optimiser keeps.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) }
        }
    }

    // MARK: X25519

    /// The X25519 public key (the scalar times the base point) of a 32-byte secret scalar.
    static func x25519PublicKey(secret: [UInt8]) throws -> [UInt8] {
        guard secret.count == x25519KeySize,
              let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nil, secret, secret.count)
        else { throw SecretsError(.invalidKey, "cannot use an X25519 secret key of \(secret.count) bytes") }
        defer { EVP_PKEY_free(key) }
        var output = [UInt8](repeating: 0, count: x25519KeySize)
        var length = output.count
        guard EVP_PKEY_get_raw_public_key(key, &output, &length) == 1, length == x25519KeySize else {
            throw SecretsError(.crypto, "cannot compute an X25519 public key")
        }
        return output
    }

    /// The X25519 shared secret of `secret` and `peer`; fails (as RFC 7748
    /// allows and age requires) when the result is all zeros, which a
    /// low-order peer point gives.
    static func x25519(secret: [UInt8], peer: [UInt8]) throws -> [UInt8] {
        guard secret.count == x25519KeySize, peer.count == x25519KeySize,
              let own = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nil, secret, secret.count)
        else { throw SecretsError(.invalidKey, "cannot use an X25519 key that is not 32 bytes") }
        defer { EVP_PKEY_free(own) }
        guard let other = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nil, peer, peer.count) else {
            throw SecretsError(.invalidKey, "cannot use the X25519 share")
        }
        defer { EVP_PKEY_free(other) }
        guard let context = EVP_PKEY_CTX_new(own, nil) else { throw SecretsError(.crypto, "cannot allocate an X25519 context") }
        defer { EVP_PKEY_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: x25519KeySize)
        var length = output.count
        // OpenSSL refuses an all-zero shared secret in EVP_PKEY_derive itself.
        guard EVP_PKEY_derive_init(context) == 1, EVP_PKEY_derive_set_peer(context, other) == 1,
              EVP_PKEY_derive(context, &output, &length) == 1, length == x25519KeySize,
              output.contains(where: { $0 != 0 })
        else { throw SecretsError(.header, "the X25519 share gives an all-zero shared secret") }
        return output
    }

    // MARK: Key derivation and MACs

    /// HKDF-SHA-256 (RFC 5869), extract and expand, giving `length` bytes.
    static func hkdfSHA256(key: [UInt8], salt: [UInt8], info: [UInt8], length: Int) throws -> [UInt8] {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nil) else {
            throw SecretsError(.crypto, "cannot allocate an HKDF context")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: length)
        var outputLength = length
        // An empty salt is the same as none: HMAC pads its key with zeros either way.
        guard EVP_PKEY_derive_init(context) == 1,
              EVP_PKEY_CTX_set_hkdf_md(context, EVP_sha256()) == 1,
              salt.isEmpty || EVP_PKEY_CTX_set1_hkdf_salt(context, salt, Int32(salt.count)) == 1,
              EVP_PKEY_CTX_set1_hkdf_key(context, key, Int32(key.count)) == 1,
              EVP_PKEY_CTX_add1_hkdf_info(context, info, Int32(info.count)) == 1,
              EVP_PKEY_derive(context, &output, &outputLength) == 1, outputLength == length
        else { throw SecretsError(.crypto, "cannot derive a key with HKDF-SHA-256") }
        return output
    }

    /// HMAC-SHA-256 of `message` under `key`.
    static func hmacSHA256(key: [UInt8], message: [UInt8]) throws -> [UInt8] {
        guard let mac = SHA256.hmac(key: key, message: message) else { throw SecretsError(.crypto, "cannot compute HMAC-SHA-256") }
        return mac
    }

    /// Constant-time comparison of two byte strings of public length.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.count == 0 || CRYPTO_memcmp(a, b, a.count) == 0
    }

    /// scrypt (RFC 7914) with r = 8, p = 1, as age uses it.
    static func scrypt(passphrase: [UInt8], salt: [UInt8], logN: Int, length: Int) throws -> [UInt8] {
        let n = UInt64(1) << UInt64(logN)
        // What scrypt allocates: 128·r·(N + 2) bytes of V and X plus 128·r·p of B.
        let memory = 128 * 8 * (n + 3)
        var output = [UInt8](repeating: 0, count: length)
        guard EVP_PBE_scrypt(passphrase.map { CChar(bitPattern: $0) }, passphrase.count, salt, salt.count,
                             n, 8, 1, memory, &output, length) == 1
        else { throw SecretsError(.crypto, "cannot derive a key with scrypt (work factor \(logN))") }
        return output
    }

    /// SHA-512 of `message`.
    static func sha512(_ message: [UInt8]) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_Digest(message, message.count, &output, &length, EVP_sha512(), nil) == 1, length == 64 else {
            throw SecretsError(.crypto, "cannot compute SHA-512")
        }
        return Array(output.prefix(64))
    }
}
