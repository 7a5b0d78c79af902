/// A context with a cluster and a user of the same name, as kind writes `kind-<name>` and
/// `git ops cluster up` writes `git-ops-<name>`: the server, the authority to trust, and a
/// client certificate and key, all embedded as `…-data`.
package struct KubeconfigEntry: Sendable, Equatable {
    /// The name of the context, its cluster and its user.
    package var name: String
    /// The server's URL.
    package var server: String
    /// The authority's certificate (PEM).
    package var certificateAuthorityData: [UInt8]?
    /// The client certificate (PEM).
    package var clientCertificateData: [UInt8]?
    /// Its key (PEM).
    package var clientKeyData: [UInt8]?

    /// An entry for `server` with no trust settings or credentials.
    package init(name: String, server: String) {
        self.name = name
        self.server = server
    }
}
