import COpenSSL

/// One libcrypto `X509`, freed with this value; it never leaves the module.
final class CertificateHandle {
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { X509_free(pointer) }

    /// The first certificate in `pem`.
    init(pem: String) throws {
        let certificate = try MemoryBIO.reading(pem) { PEM_read_bio_X509($0, nil, nil, nil) }
        guard let certificate else { throw CertificateError.openSSL(.read, "cannot read the certificate") }
        pointer = certificate
    }

    /// The certificate as PEM (`BEGIN CERTIFICATE`).
    func pem() throws -> String {
        try MemoryBIO.writing("cannot write the certificate") { PEM_write_bio_X509($0, pointer) }
    }

    /// A new version 3 certificate of `profile` for `key`, signed by `issuer` (itself when
    /// nil), valid from an hour ago (clocks drift) for `days`.
    static func make(_ profile: CertificateProfile, key: PrivateKeyHandle, days: Int,
                     issuer: (certificate: CertificateHandle, key: PrivateKeyHandle)?) throws -> CertificateHandle {
        let failure = "cannot make the certificate '\(profile.commonName)'"
        guard let pointer = X509_new() else { throw CertificateError.openSSL(.generate, failure) }
        let certificate = CertificateHandle(pointer: pointer)
        try CertificateError.check(X509_set_version(pointer, Int(X509_VERSION_3)), .generate, failure)
        try certificate.setRandomSerial(failure)
        // X509_get_notBefore is a macro; the getm functions are what it expands to.
        guard X509_gmtime_adj(X509_getm_notBefore(pointer), -3600) != nil,
              X509_gmtime_adj(X509_getm_notAfter(pointer), days * 86_400) != nil else {
            throw CertificateError.openSSL(.generate, failure)
        }
        guard let subject = X509_get_subject_name(pointer) else { throw CertificateError.openSSL(.generate, failure) }
        for organization in profile.organizations {
            try CertificateError.check(X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, organization, -1, -1, 0), .generate, failure)
        }
        try CertificateError.check(X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, profile.commonName, -1, -1, 0), .generate, failure)
        let signer = issuer ?? (certificate, key)
        try CertificateError.check(X509_set_issuer_name(pointer, X509_get_subject_name(signer.certificate.pointer)), .generate, failure)
        try CertificateError.check(X509_set_pubkey(pointer, key.pointer), .generate, failure)
        var context = X509V3_CTX()  // zeroed, as X509V3_set_ctx_nodb (a macro) leaves it
        X509V3_set_ctx(&context, signer.certificate.pointer, pointer, nil, nil, 0)
        for (name, value) in try profile.extensions() {
            let nid = OBJ_sn2nid(name)
            guard let extensionPointer = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw CertificateError.openSSL(.generate, "\(failure): cannot add \(name) '\(value)'")
            }
            defer { X509_EXTENSION_free(extensionPointer) }
            try CertificateError.check(X509_add_ext(pointer, extensionPointer, -1), .generate, failure)
        }
        guard X509_sign(pointer, signer.key.pointer, EVP_sha256()) > 0 else {
            throw CertificateError.openSSL(.generate, "cannot sign the certificate '\(profile.commonName)'")
        }
        return certificate
    }

    /// A random positive 127-bit serial number, as RFC 5280 asks (at most 20 octets, unique).
    private func setRandomSerial(_ failure: String) throws {
        guard let number = BN_new() else { throw CertificateError.openSSL(.generate, failure) }
        defer { BN_free(number) }
        try CertificateError.check(BN_rand(number, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY), .generate, failure)
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(pointer)) != nil else {
            throw CertificateError.openSSL(.generate, failure)
        }
    }
}
