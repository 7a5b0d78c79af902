import Certificates
import NIOSSL

/// The TLS settings that make the local cluster answer as kube-apiserver does (tls.md): its
/// own certificate, TLS 1.2 at least, and a client certificate asked for but not required,
/// verified against the cluster's authority when one is presented. A client without one
/// still connects: the API then answers 401 except on the public paths, as the apiserver's
/// authenticator and `system:public-info-viewer` do.
enum ServerTLS {
    static func context(server: IssuedCertificate, authorityPEM: String) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(server.certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(server.privateKeyPEM.utf8), format: .pem)))
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(authorityPEM.utf8)))
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .optionalVerification
        // The apiserver names its client CA in the handshake; clients pick their certificate by it.
        configuration.sendCANameList = true
        configuration.applicationProtocols = ["http/1.1"]
        return try NIOSSLContext(configuration: configuration)
    }
}
