import Foundation
import Testing
@testable import LocalCluster

/// `Warning` headers as upstream's recorder writes them.
@Suite("warnings")
struct WarningCollectorTests {
    @Test("an unknown field named with CR and LF is answered, its name quoted as Go quotes it")
    func controlCharactersInFieldName() async throws {
        let (client, namespace) = try await TestCluster.client(namespace: "warn")
        let response = try await client.send("POST", "/api/v1/namespaces/\(namespace)/configmaps",
                                             body: #"{"metadata":{"name":"settings"},"a\r\nb":1}"#)
        #expect(response.status == 201, "\(response.text)")
        #expect(response.headers["warning"] == #"299 - "unknown field \"a\\r\\nb\"""#)
    }

    @Test("a text with a control character is dropped, as NewWarningHeader refuses it")
    func controlCharactersDropped() {
        #expect(WarningCollector.recorded(["fine", "bad\nline", "nul\u{0}", "c1\u{85}", "tab\t", "also fine"]) == ["fine", "also fine"])
    }

    @Test("past 4096 characters each warning is cut to 256, and none is added once 4096 are written")
    func truncation() {
        let long = String(repeating: "a", count: 300)
        let few = WarningCollector.recorded([long, "short"])
        #expect(few == [long, "short"])
        let many = (0..<20).map { String(repeating: Character(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))), count: 300) }
        let kept = WarningCollector.recorded(many)
        #expect(kept.allSatisfy { $0.count == 256 })
        // 13 of 300 fit in 4096; the 14th starts truncation, which replays all 14 at 256 (3584),
        // then adds 256-rune items until 4096 are written.
        #expect(kept.count == 16)
        #expect(kept.first == String(repeating: "a", count: 256))
    }
}
