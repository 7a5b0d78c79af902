/// What a certificate is for, with the names it carries: kubeadm's three kinds of certificate.
package enum CertificateProfile: Sendable, Equatable {
    /// A certificate authority (`CA:TRUE`, may sign certificates), self-signed.
    case authority(commonName: String)
    /// A TLS server (`serverAuth`), valid for these DNS names and IP addresses.
    case server(commonName: String, dnsNames: [String], ipAddresses: [String])
    /// A TLS client (`clientAuth`): Kubernetes reads the common name as the user name and
    /// each organization as a group.
    case client(commonName: String, organizations: [String])

    /// The common name of the subject.
    package var commonName: String {
        switch self {
        case .authority(let name), .server(let name, _, _), .client(let name, _): name
        }
    }

    /// The subject's organizations (only a client's have any).
    var organizations: [String] {
        if case .client(_, let organizations) = self { return organizations }
        return []
    }

    /// The X.509v3 extensions, as libcrypto's configuration strings, in the order they must
    /// be added: the subject key identifier before the authority key identifier.
    func extensions() throws -> [(name: String, value: String)] {
        switch self {
        case .authority:
            return [("basicConstraints", "critical,CA:TRUE"),
                    ("keyUsage", "critical,digitalSignature,keyEncipherment,keyCertSign"),
                    ("subjectKeyIdentifier", "hash")]
        case .server(_, let dnsNames, let ipAddresses):
            let names = try dnsNames.map { "DNS:\(try Self.plain($0))" } + ipAddresses.map { "IP:\(try Self.plain($0))" }
            var extensions = [("basicConstraints", "critical,CA:FALSE"), ("keyUsage", "critical,digitalSignature,keyEncipherment"),
                              ("extendedKeyUsage", "serverAuth"), ("authorityKeyIdentifier", "keyid:always")]
            if !names.isEmpty { extensions.append(("subjectAltName", names.joined(separator: ","))) }
            return extensions
        case .client:
            return [("basicConstraints", "critical,CA:FALSE"), ("keyUsage", "critical,digitalSignature,keyEncipherment"),
                    ("extendedKeyUsage", "clientAuth"), ("authorityKeyIdentifier", "keyid:always")]
        }
    }

    /// A host name or address, refused if it could change the meaning of the configuration
    /// string it goes into (a comma starts another name): letters, digits and `-.*:` only.
    private static func plain(_ name: String) throws -> String {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: ":")
        }
        guard allowed, !name.isEmpty else {
            throw CertificateError(.invalidName, "cannot put '\(name)' in a certificate: not a host name or IP address")
        }
        return name
    }
}

/// A certificate and its private key, as PEM text.
package struct IssuedCertificate: Sendable, Equatable {
    /// The certificate (`BEGIN CERTIFICATE`).
    package var certificatePEM: String
    /// Its private key (`BEGIN EC PRIVATE KEY`): a secret, never printed.
    package var privateKeyPEM: String

    /// A certificate and its key.
    package init(certificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }
}
