import TestSupport
import FoundationEssentials
import Git
import Manifests
import Testing
@testable import State

@Suite("No Secret value reaches git")
struct SecretLeakTests {
    static let plain = ["hunter2-correct-horse", "s3cr3t-db-password", "tls-private-key-bytes"]

    @Test("no object reachable from refs/ops/* or refs/notes/ops holds a Secret value, plain or base64")
    func scanEveryObject() throws {
        let fixture = try StateFixture()
        let base64 = Self.plain.map { Data($0.utf8).base64EncodedString() }
        let objects = try StateFixture.objects("""
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: shop
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"\(Self.plain[0])"}}'
            data:
              password: \(base64[1])
              key: \(base64[2])
            stringData:
              password: \(Self.plain[0])
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: shop}
            data: {mode: fast}
            """)
        // Every kind of record: a sync, a failed one, a rollback with its pin, a killed one, notes, a lease.
        let history = try fixture.history()
        let lease = try fixture.lease()
        let start = StateFixture.start
        let first = try history.beginSync(fixture.request(fixture.sources[0], objects), holding: lease)
        let done = try history.finishSync(first, result: .succeeded, counts: .init(applied: 2), time: start + 1, holding: lease)
        let second = try history.beginSync(fixture.request(fixture.sources[1], objects, time: start + 2), holding: lease)
        _ = try history.finishSync(second, result: .failed, counts: .init(), time: start + 3, holding: lease)
        let rollback = try history.beginSync(
            fixture.request(fixture.sources[0], objects, trigger: .rollback(of: done.commit), time: start + 4), holding: lease)
        _ = try history.finishSync(rollback, result: .succeeded, counts: .init(), time: start + 5, holding: lease)
        _ = try history.beginSync(fixture.request(fixture.sources[2], objects, time: start + 6), holding: lease)

        let listed = try fixture.sandbox.git("rev-list", "--objects", "--glob=refs/ops", "refs/notes/ops")
        let ids = listed.split(separator: "\n").map { String($0.prefix(40)) }
        #expect(ids.count > 20)
        let contents = try fixture.sandbox.git("cat-file", "--batch", input: ids.joined(separator: "\n") + "\n")
        // The scan sees the values where they would be: in the objects as rendered.
        let rendered = try YAMLEmitter.stream(objects)
        #expect(Self.plain.prefix(1).allSatisfy(rendered.contains) && base64.suffix(2).allSatisfy(rendered.contains))
        let needles = Self.plain + base64 + base64.map { String($0.prefix(16)) }
        for needle in needles {
            #expect(!contents.contains(needle), "'\(needle)' reached git")
        }
        // The digests are there instead, the same in data and stringData.
        let digest = SecretDigests.digest(Array(Self.plain[0].utf8))
        #expect(try fixture.sandbox.git("show", "refs/ops/deploy/prod:shop/core/Secret/db.yaml").contains("password: \(digest)"))
        #expect(try fixture.sandbox.git("for-each-ref", "--format=%(refname)", "refs/ops")
            == "refs/ops/deploy/prod\nrefs/ops/lock/prod\nrefs/ops/pin/prod")
    }
}
