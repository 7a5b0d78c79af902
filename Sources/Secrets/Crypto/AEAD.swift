import COpenSSL

/// The two AEADs of age and SOPS, through libcrypto's EVP cipher interface:
/// ChaCha20-Poly1305 with a 12-byte nonce (age) and AES-256-GCM with a
/// 32-byte IV (SOPS, whose IV length only the EVP interface accepts).
/// The 16-byte tag travels separately; callers join or split it as their
/// format wants.
enum AEAD: Sendable {
    case chaCha20Poly1305
    case aes256GCM

    static let tagSize = 16

    private var cipher: OpaquePointer? {
        switch self {
        case .chaCha20Poly1305: return EVP_chacha20_poly1305()
        case .aes256GCM: return EVP_aes_256_gcm()
        }
    }

    /// Encrypts `plaintext`; returns the ciphertext and the tag.
    func seal(key: [UInt8], nonce: [UInt8], plaintext: [UInt8], aad: [UInt8] = []) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        guard key.count == 32 else { throw SecretsError(.crypto, "an AEAD key must be 32 bytes") }
        guard let context = EVP_CIPHER_CTX_new() else { throw SecretsError(.crypto, "cannot allocate a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: plaintext.count + 16)
        var length: Int32 = 0
        var total = 0
        var tag = [UInt8](repeating: 0, count: Self.tagSize)
        guard EVP_EncryptInit_ex(context, cipher, nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_IVLEN, Int32(nonce.count), nil) == 1,
              EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1,
              aad.isEmpty || EVP_EncryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1
        else { throw SecretsError(.crypto, "cannot start \(name) encryption") }
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(context, &output, &length, plaintext, Int32(plaintext.count)) == 1 else {
                throw SecretsError(.crypto, "cannot encrypt with \(name)")
            }
            total = Int(length)
        }
        let finished = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            return EVP_EncryptFinal_ex(context, base + total, &length)
        }
        guard finished == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(Self.tagSize), &tag) == 1
        else { throw SecretsError(.crypto, "cannot finish \(name) encryption") }
        total += Int(length)
        return (Array(output.prefix(total)), tag)
    }

    /// Decrypts and authenticates; `nil` when the tag does not match (the
    /// key is wrong, or the ciphertext, nonce, tag or AAD were changed).
    /// No plaintext is returned before the tag is verified.
    func open(key: [UInt8], nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8], aad: [UInt8] = []) throws -> [UInt8]? {
        guard key.count == 32 else { throw SecretsError(.crypto, "an AEAD key must be 32 bytes") }
        guard tag.count == Self.tagSize else { return nil }
        guard let context = EVP_CIPHER_CTX_new() else { throw SecretsError(.crypto, "cannot allocate a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var length: Int32 = 0
        var total = 0
        var tag = tag
        guard EVP_DecryptInit_ex(context, cipher, nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_IVLEN, Int32(nonce.count), nil) == 1,
              EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1,
              aad.isEmpty || EVP_DecryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1
        else { throw SecretsError(.crypto, "cannot start \(name) decryption") }
        if !ciphertext.isEmpty {
            guard EVP_DecryptUpdate(context, &output, &length, ciphertext, Int32(ciphertext.count)) == 1 else {
                throw SecretsError(.crypto, "cannot decrypt with \(name)")
            }
            total = Int(length)
        }
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(Self.tagSize), &tag) == 1 else {
            throw SecretsError(.crypto, "cannot set the \(name) tag")
        }
        let finished = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            return EVP_DecryptFinal_ex(context, base + total, &length)
        }
        guard finished == 1 else {
            LibCrypto.wipe(&output)
            return nil
        }
        total += Int(length)
        let plaintext = Array(output.prefix(total))
        LibCrypto.wipe(&output)
        return plaintext
    }

    private var name: String {
        switch self {
        case .chaCha20Poly1305: return "ChaCha20-Poly1305"
        case .aes256GCM: return "AES-256-GCM"
        }
    }
}
