import TestSupport
import Digests
import Manifests
import Testing
@testable import State

@Suite("SecretDigests")
struct SecretDigestsTests {
    static let secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          namespace: shop
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"hunter2"}}'
            owner: team-a
        type: Opaque
        data:
          password: aHVudGVyMg==
          wrapped: "aHVu\\ndGVyMg=="
          notBase64: "not base64!"
          empty: ""
          absent: null
        stringData:
          password: hunter2
          port: 5432
        """

    @Test("replaces data (decoded) and stringData values by sha256 of the value, so equal values read the same")
    func replaces() throws {
        let object = try #require(try StateFixture.objects(Self.secret).first)
        let redacted = SecretDigests.redacted(object)
        let hunter = "sha256:" + SHA256.hexDigest(Array("hunter2".utf8))
        #expect(redacted[path: ["data", "password"]]?.string == hunter)
        #expect(redacted[path: ["data", "wrapped"]]?.string == hunter)
        #expect(redacted[path: ["stringData", "password"]]?.string == hunter)
        #expect(redacted[path: ["stringData", "port"]]?.string == "sha256:" + SHA256.hexDigest(Array("5432".utf8)))
        #expect(redacted[path: ["data", "notBase64"]]?.string == "sha256:" + SHA256.hexDigest(Array("not base64!".utf8)))
        #expect(redacted[path: ["data", "empty"]]?.string == "sha256:" + SHA256.hexDigest([]))
        #expect(redacted[path: ["data", "absent"]]?.isNull == true)
        // The last-applied annotation repeats the values: it goes too; other metadata stays.
        #expect(redacted[path: ["metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"]]?.string?
            .hasPrefix("sha256:") == true)
        #expect(redacted[path: ["metadata", "annotations", "owner"]]?.string == "team-a")
        #expect(redacted["type"]?.string == "Opaque")
        let printed = try YAMLEmitter.document(redacted)
        #expect(!printed.contains("hunter2") && !printed.contains("aHVudGVyMg"))
    }

    @Test("leaves objects that are not core Secrets as they are")
    func others() throws {
        let objects = try StateFixture.objects("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c}
            data: {password: hunter2}
            ---
            apiVersion: example.com/v1
            kind: Secret
            metadata: {name: s}
            data: {password: hunter2}
            """)
        for object in objects { #expect(SecretDigests.redacted(object) == object) }
    }

    @Test("replaces a malformed data field whole")
    func malformed() throws {
        let object = try #require(try StateFixture.objects("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: hunter2\n").first)
        #expect(SecretDigests.redacted(object)["data"]?.string == "sha256:" + SHA256.hexDigest(Array("hunter2".utf8)))
    }
}
