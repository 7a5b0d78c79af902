import CGit2Startup
import Certificates
import Foundation
import Git
import TestSupport
import Testing

@Suite("libgit2 start-up")
struct Libgit2StartupTests {
    /// Initialisation skips the system CA bundle; certificates asked for afterwards are
    /// loaded by mbedTLS itself, so a file that is not there is an error, as it always was.
    @Test("certificates asked for after initialisation are loaded, and a missing file is refused")
    func certificatesAfterInitialisation() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.commit("first", ["a.yaml": "a: 1\n"])
        _ = try Repository(discoveringFrom: repo, environment: [:])

        let authority = try CertificateIssuer.authority(commonName: "startup-test")
        let file = sandbox.path("ca.crt")
        try authority.certificatePEM.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(git_ops_libgit2_load_certificates(file) == 0)
        #expect(git_ops_libgit2_load_certificates(sandbox.path("missing.crt")) == -1)
        try "not a certificate\n".write(toFile: sandbox.path("junk.crt"), atomically: true, encoding: .utf8)
        #expect(git_ops_libgit2_load_certificates(sandbox.path("junk.crt")) == -1)
    }
}
