import COpenSSL

/// One libcrypto `EVP_PKEY`, freed with this value; it never leaves the module.
final class PrivateKeyHandle {
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { EVP_PKEY_free(pointer) }

    /// A new EC key on P-256, the curve kind and kubeadm's ECDSA keys use.
    static func generateP256() throws -> PrivateKeyHandle {
        // EVP_EC_gen is a macro over a variadic function, which Swift cannot call.
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else {
            throw CertificateError.openSSL(.generate, "cannot generate a key")
        }
        defer { EVP_PKEY_CTX_free(context) }
        try CertificateError.check(EVP_PKEY_keygen_init(context), .generate, "cannot generate a key")
        try CertificateError.check(EVP_PKEY_CTX_set_group_name(context, "P-256"), .generate, "cannot generate a P-256 key")
        var key: OpaquePointer?
        try CertificateError.check(EVP_PKEY_generate(context, &key), .generate, "cannot generate a key")
        guard let key else { throw CertificateError.openSSL(.generate, "cannot generate a key") }
        return PrivateKeyHandle(pointer: key)
    }

    /// The key in `pem` (SEC1, PKCS#1 or unencrypted PKCS#8).
    init(pem: String) throws {
        let key = try MemoryBIO.reading(pem) { PEM_read_bio_PrivateKey($0, nil, nil, nil) }
        // The reason is libcrypto's only: the text itself is a secret.
        guard let key else { throw CertificateError.openSSL(.read, "cannot read the private key") }
        pointer = key
    }

    /// The key as SEC1 PEM (`BEGIN EC PRIVATE KEY`), as kubeadm and kind write keys.
    func pem() throws -> String {
        try MemoryBIO.writing("cannot write the private key") {
            PEM_write_bio_PrivateKey_traditional($0, pointer, nil, nil, 0, nil, nil)
        }
    }
}
