import NIOSSL

/// Who sent a request, as the apiserver's x509 authenticator reads a client certificate: the
/// subject's common name is the user, each organization a group, and every authenticated
/// user is also in `system:authenticated`.
struct UserInfo: Sendable, Equatable {
    var name: String
    var groups: [String]

    /// The admin: the user every request over plain HTTP is taken to come from.
    static let admin = UserInfo(name: ClusterCredentials.adminUser,
                                groups: [ClusterCredentials.adminGroup, "system:authenticated"])

    /// The user a verified client certificate names; nil when it names none.
    init?(certificate: NIOSSLCertificate) {
        let names = certificate.subjectName
        guard let user = names.first(where: { $0.type == .commonName })?.value, !user.isEmpty else { return nil }
        name = user
        groups = names.filter { $0.type == .organization }.map(\.value) + ["system:authenticated"]
    }

    init(name: String, groups: [String]) {
        self.name = name
        self.groups = groups
    }
}
