/// Makes certificate authorities and the certificates they issue, with fresh P-256 keys.
package enum CertificateIssuer {
    /// How long an authority is valid: ten years, as kubeadm's CA.
    package static let authorityDays = 3_650
    /// How long an issued certificate is valid: one year, as kubeadm's.
    package static let certificateDays = 365

    /// A new self-signed certificate authority named `commonName`.
    package static func authority(commonName: String, days: Int = authorityDays) throws -> IssuedCertificate {
        let key = try PrivateKeyHandle.generateP256()
        let certificate = try CertificateHandle.make(.authority(commonName: commonName), key: key, days: days, issuer: nil)
        return IssuedCertificate(certificatePEM: try certificate.pem(), privateKeyPEM: try key.pem())
    }

    /// A new certificate of `profile`, with a new key, signed by `authority`.
    package static func issue(_ profile: CertificateProfile, by authority: IssuedCertificate,
                              days: Int = certificateDays) throws -> IssuedCertificate {
        let issuer = (certificate: try CertificateHandle(pem: authority.certificatePEM), key: try PrivateKeyHandle(pem: authority.privateKeyPEM))
        let key = try PrivateKeyHandle.generateP256()
        let certificate = try CertificateHandle.make(profile, key: key, days: days, issuer: issuer)
        return IssuedCertificate(certificatePEM: try certificate.pem(), privateKeyPEM: try key.pem())
    }
}
