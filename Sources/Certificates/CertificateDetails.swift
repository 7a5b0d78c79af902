import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// What a PEM certificate says and whom it is valid for, read with libcrypto.
package struct CertificateDetails: Sendable, Equatable {
    /// The certificate read.
    package var pem: String
    /// The subject's common name (Kubernetes' user name for a client certificate).
    package var commonName: String
    /// The subject's organizations (Kubernetes' groups for a client certificate).
    package var organizations: [String]

    /// Reads the first certificate of `pem`.
    package init(pem: String) throws {
        let certificate = try CertificateHandle(pem: pem)
        self.pem = pem
        let subject = X509_get_subject_name(certificate.pointer)
        commonName = Self.entries(of: subject, nid: NID_commonName).first ?? ""
        organizations = Self.entries(of: subject, nid: NID_organizationName)
    }

    /// What a certificate is checked for.
    package enum Purpose: Sendable {
        /// A TLS server.
        case server
        /// A TLS client.
        case client
    }

    /// Whether `authorityPEM` issued this certificate, for `purpose`, and it is valid now.
    package func isIssued(by authorityPEM: String, for purpose: Purpose) -> Bool {
        guard let certificate = try? CertificateHandle(pem: pem), let authority = try? CertificateHandle(pem: authorityPEM),
              let store = X509_STORE_new() else { return false }
        defer { X509_STORE_free(store) }
        guard X509_STORE_add_cert(store, authority.pointer) == 1, let context = X509_STORE_CTX_new() else { return false }
        defer { X509_STORE_CTX_free(context) }
        guard X509_STORE_CTX_init(context, store, certificate.pointer, nil) == 1 else { return false }
        X509_STORE_CTX_set_purpose(context, purpose == .server ? X509_PURPOSE_SSL_SERVER : X509_PURPOSE_SSL_CLIENT)
        let verified = X509_verify_cert(context) == 1
        ERR_clear_error()
        return verified
    }

    /// Whether the certificate names `host` (a DNS name or an IP address) among its subject
    /// alternative names.
    package func isValid(forHost host: String) -> Bool {
        guard let certificate = try? CertificateHandle(pem: pem) else { return false }
        if X509_check_ip_asc(certificate.pointer, host, 0) == 1 { return true }
        return X509_check_host(certificate.pointer, host, host.utf8.count, 0, nil) == 1
    }

    /// Whether the certificate stops being valid within `seconds` from now (or already has).
    package func expires(withinSeconds seconds: Int) -> Bool {
        guard let certificate = try? CertificateHandle(pem: pem), let notAfter = X509_get0_notAfter(certificate.pointer) else {
            return true
        }
        var limit = time(nil) + seconds
        // -1: notAfter is before the limit; 0: it cannot be read.
        return X509_cmp_time(notAfter, &limit) <= 0
    }

    private static func entries(of name: OpaquePointer?, nid: Int32) -> [String] {
        guard let name else { return [] }
        var values: [String] = []
        var index: Int32 = -1
        while true {
            index = X509_NAME_get_index_by_NID(name, nid, index)
            guard index >= 0, let entry = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(entry),
                  let bytes = ASN1_STRING_get0_data(data) else { break }
            values.append(String(decoding: UnsafeBufferPointer(start: bytes, count: Int(ASN1_STRING_length(data))), as: UTF8.self))
        }
        return values
    }
}
