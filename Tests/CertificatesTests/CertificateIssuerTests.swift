import Certificates
import Testing

@Suite("CertificateIssuer")
struct CertificateIssuerTests {
    static let authority = Result { try CertificateIssuer.authority(commonName: "kubernetes") }

    @Test("an authority is self-signed and named as asked, its key written as SEC1 PEM")
    func authority() throws {
        let authority = try Self.authority.get()
        #expect(authority.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(authority.privateKeyPEM.hasPrefix("-----BEGIN EC PRIVATE KEY-----\n"))
        let details = try CertificateDetails(pem: authority.certificatePEM)
        #expect(details.commonName == "kubernetes")
        #expect(details.isIssued(by: authority.certificatePEM, for: .server))
    }

    @Test("a server certificate is issued by its authority for the names and addresses asked")
    func server() throws {
        let authority = try Self.authority.get()
        let server = try CertificateIssuer.issue(
            .server(commonName: "kube-apiserver", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"]), by: authority)
        let details = try CertificateDetails(pem: server.certificatePEM)
        #expect(details.commonName == "kube-apiserver")
        #expect(details.isIssued(by: authority.certificatePEM, for: .server))
        #expect(!details.isIssued(by: authority.certificatePEM, for: .client))
        #expect(details.isValid(forHost: "127.0.0.1"))
        #expect(details.isValid(forHost: "localhost"))
        #expect(!details.isValid(forHost: "example.com"))
        #expect(!details.isValid(forHost: "127.0.0.2"))
    }

    @Test("a client certificate carries the user as common name and the groups as organizations")
    func client() throws {
        let authority = try Self.authority.get()
        let client = try CertificateIssuer.issue(.client(commonName: "kubernetes-admin", organizations: ["system:masters"]), by: authority)
        let details = try CertificateDetails(pem: client.certificatePEM)
        #expect(details.commonName == "kubernetes-admin")
        #expect(details.organizations == ["system:masters"])
        #expect(details.isIssued(by: authority.certificatePEM, for: .client))
        #expect(!details.isIssued(by: authority.certificatePEM, for: .server))
    }

    @Test("a certificate of another authority is not issued by this one")
    func foreignAuthority() throws {
        let other = try CertificateIssuer.authority(commonName: "kubernetes")
        let client = try CertificateIssuer.issue(.client(commonName: "someone", organizations: []), by: other)
        let details = try CertificateDetails(pem: client.certificatePEM)
        #expect(!details.isIssued(by: try Self.authority.get().certificatePEM, for: .client))
    }

    @Test("validity is counted in days from an hour ago")
    func validity() throws {
        let authority = try Self.authority.get()
        let short = try CertificateIssuer.issue(.client(commonName: "a", organizations: []), by: authority, days: 2)
        let details = try CertificateDetails(pem: short.certificatePEM)
        #expect(!details.expires(withinSeconds: 86_400))
        #expect(details.expires(withinSeconds: 3 * 86_400))
    }

    @Test("a name that would change the extension text is refused", arguments: ["a,DNS:evil", "", "a b"])
    func refusedNames(name: String) throws {
        let authority = try Self.authority.get()
        #expect(throws: CertificateError.self) {
            try CertificateIssuer.issue(.server(commonName: "x", dnsNames: [name], ipAddresses: []), by: authority)
        }
    }

    @Test("text that is not PEM is an error that shows none of it")
    func unreadable() {
        let secret = "-----BEGIN EC PRIVATE KEY-----\nc2VjcmV0\n-----END EC PRIVATE KEY-----\n"
        let authority = IssuedCertificate(certificatePEM: "not a certificate", privateKeyPEM: secret)
        #expect {
            try CertificateIssuer.issue(.client(commonName: "a", organizations: []), by: authority)
        } throws: { error in
            guard let error = error as? CertificateError else { return false }
            return error.code == .read && !error.message.contains("c2VjcmV0") && !error.message.contains("not a certificate")
        }
    }
}
