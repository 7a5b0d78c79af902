import Certificates
import FoundationEssentials

/// What a client needs to reach an HTTPS local cluster as its admin, as kind writes it into
/// the kubeconfig: the cluster's certificate authority, and the admin's client certificate
/// and key (user `kubernetes-admin`, group `system:masters`).
package struct ClusterCredentials: Sendable, Equatable {
    /// The certificate authority's certificate: what a client trusts.
    package var authorityPEM: String
    /// The admin's client certificate and key.
    package var admin: IssuedCertificate

    /// The user name the admin's certificate carries.
    package static let adminUser = "kubernetes-admin"
    /// The group the admin's certificate carries.
    package static let adminGroup = "system:masters"

    /// The credentials of a server's data directory, once the server has made them; nil
    /// when they are not all there (the server never ran, or serves plain HTTP).
    package static func read(in dataDirectory: String) -> ClusterCredentials? {
        let files = ClusterPKI.Files(directory: ClusterPKI.directory(in: dataDirectory))
        guard let authority = files.read("ca"), let admin = files.read("admin") else { return nil }
        return ClusterCredentials(authorityPEM: authority.certificatePEM, admin: admin)
    }
}
