import Testing
@testable import LocalCluster

/// The checksum stored beside each object row.
@Suite("row checksum")
struct RowChecksumTests {
    static let key = ObjectKey(storageKey: "/configmaps", namespace: "default", name: "settings")
    static let body = Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"a":"b"}}"#.utf8)

    @Test("any single changed byte of the JSON changes the checksum, whatever the byte becomes")
    func everyByte() {
        let original = RowChecksum.of(Self.key, resourceVersion: 42, body: Self.body)
        for index in Self.body.indices {
            for change: UInt8 in [0x01, 0x80, 0xff] {
                var body = Self.body
                body[index] ^= change
                #expect(RowChecksum.of(Self.key, resourceVersion: 42, body: body) != original, "byte \(index) ^ \(change)")
            }
        }
    }

    @Test("the key and the resourceVersion count, and how the key splits into fields does too")
    func key() {
        let original = RowChecksum.of(Self.key, resourceVersion: 42, body: Self.body)
        #expect(RowChecksum.of(Self.key, resourceVersion: 43, body: Self.body) != original)
        #expect(RowChecksum.of(ObjectKey(storageKey: "/configmaps", namespace: "default", name: "settingz"),
                               resourceVersion: 42, body: Self.body) != original)
        #expect(RowChecksum.of(ObjectKey(storageKey: "/configmaps", namespace: "defaults", name: "ettings"),
                               resourceVersion: 42, body: Self.body) != original)
        #expect(RowChecksum.of(Self.key, resourceVersion: 42, body: Self.body + [0]) != original)
    }
}
