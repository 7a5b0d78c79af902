import Certificates
import FoundationEssentials

/// The certificates of an HTTPS local cluster, as kubeadm lays them out under `pki/`: its
/// own authority (`ca.crt`, `ca.key`), the server's certificate for 127.0.0.1 and localhost
/// (`apiserver.crt`, `apiserver.key`) and the admin's (`admin.crt`, `admin.key`). Keys are
/// written with mode 0600.
///
/// Made at the first start and reused after, so a kubeconfig stays valid across restarts;
/// one that is missing, unreadable, not issued by the authority, not valid for the server's
/// address, or ending within 30 days is made again (all of them, when the authority is).
struct ClusterPKI: Sendable {
    var authority: IssuedCertificate
    var server: IssuedCertificate
    var admin: IssuedCertificate

    /// How long before its end a certificate is made again.
    static let renewalSeconds = 30 * 86_400

    /// The credentials a client needs.
    var credentials: ClusterCredentials { ClusterCredentials(authorityPEM: authority.certificatePEM, admin: admin) }

    /// The directory of the certificates of a data directory.
    static func directory(in dataDirectory: String) -> String { dataDirectory + "/pki" }

    /// The certificates of `dataDirectory`, made or renewed as needed; made afresh and kept in
    /// memory only when there is no data directory. `host` is the address the server listens
    /// on, which its certificate must name besides 127.0.0.1 and localhost.
    static func prepare(in dataDirectory: String?, host: String) throws -> ClusterPKI {
        let files = dataDirectory.map { Files(directory: directory(in: $0)) }
        if let files {
            try ClusterFiles.makeDirectory(files.directory, code: .dataDirectory,
                                           failure: "cannot use '\(files.directory)' for the cluster's certificates")
        }
        do {
            let authority = try files?.read("ca").flatMap { isUsable($0, issuedBy: $0, for: .server, hosts: []) ? $0 : nil }
                ?? keep(CertificateIssuer.authority(commonName: "kubernetes"), as: "ca", in: files)
            func reuse(_ name: String, for purpose: CertificateDetails.Purpose, hosts: [String]) -> IssuedCertificate? {
                files?.read(name).flatMap { isUsable($0, issuedBy: authority, for: purpose, hosts: hosts) ? $0 : nil }
            }
            let profile = serverProfile(host: host)
            let server = try reuse("apiserver", for: .server, hosts: profile.hosts)
                ?? keep(CertificateIssuer.issue(profile, by: authority), as: "apiserver", in: files)
            let adminProfile = CertificateProfile.client(commonName: ClusterCredentials.adminUser,
                                                         organizations: [ClusterCredentials.adminGroup])
            let admin = try reuse("admin", for: .client, hosts: [])
                ?? keep(CertificateIssuer.issue(adminProfile, by: authority), as: "admin", in: files)
            return ClusterPKI(authority: authority, server: server, admin: admin)
        } catch let error as CertificateError {
            throw ClusterError(.certificates, error.message)
        }
    }

    /// The server's certificate: `kube-apiserver`, for localhost, 127.0.0.1, and the address
    /// listened on when it is a particular one.
    static func serverProfile(host: String) -> CertificateProfile {
        var addresses = ["127.0.0.1"]
        if !["127.0.0.1", "0.0.0.0", "::", "localhost", ""].contains(host) { addresses.append(host) }
        return .server(commonName: "kube-apiserver", dnsNames: ["localhost"], ipAddresses: addresses)
    }

    private static func isUsable(_ pair: IssuedCertificate, issuedBy authority: IssuedCertificate,
                                 for purpose: CertificateDetails.Purpose, hosts: [String]) -> Bool {
        guard let details = try? CertificateDetails(pem: pair.certificatePEM) else { return false }
        return details.isIssued(by: authority.certificatePEM, for: purpose) && !details.expires(withinSeconds: renewalSeconds)
            && hosts.allSatisfy(details.isValid(forHost:))
    }

    private static func keep(_ pair: IssuedCertificate, as name: String, in files: Files?) throws -> IssuedCertificate {
        try files?.write(pair, as: name)
        return pair
    }

    /// The `pki/` directory of a data directory: `<name>.crt` and `<name>.key` pairs.
    struct Files {
        var directory: String

        /// The pair `name`, when both files are there.
        func read(_ name: String) -> IssuedCertificate? {
            guard let certificate = FileManager.default.contents(atPath: "\(directory)/\(name).crt"),
                  let key = FileManager.default.contents(atPath: "\(directory)/\(name).key") else { return nil }
            return IssuedCertificate(certificatePEM: String(decoding: certificate, as: UTF8.self),
                                     privateKeyPEM: String(decoding: key, as: UTF8.self))
        }

        /// Writes the pair `name`, the key readable by its owner only.
        func write(_ pair: IssuedCertificate, as name: String) throws {
            try ClusterFiles.write(Array(pair.privateKeyPEM.utf8), to: "\(directory)/\(name).key", mode: 0o600)
            try ClusterFiles.write(Array(pair.certificatePEM.utf8), to: "\(directory)/\(name).crt")
        }
    }
}

extension CertificateProfile {
    /// The DNS names and addresses of a server profile.
    var hosts: [String] {
        guard case .server(_, let names, let addresses) = self else { return [] }
        return names + addresses
    }
}
