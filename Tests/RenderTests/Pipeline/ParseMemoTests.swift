import Synchronization
import Testing
@testable import Render

private struct Broken: Error {}

@Suite("parse memo")
struct ParseMemoTests {
    @Test("a file read once is parsed once and not kept; from its second reading on it is parsed once more, then reused")
    func parsesRepeatedFilesOnce() throws {
        let memo = ParseMemo<String>()
        let parses = Mutex(0)
        func read(_ file: String, _ text: String) throws -> String {
            try memo.value(file: file, bytes: Array(text.utf8)) {
                parses.withLock { $0 += 1 }
                return text.uppercased()
            }
        }
        #expect(try read("a.yaml", "one") == "ONE")
        #expect(try read("a.yaml", "one") == "ONE")
        #expect(parses.withLock { $0 } == 2)
        for _ in 0..<5 { #expect(try read("a.yaml", "one") == "ONE") }
        #expect(parses.withLock { $0 } == 2)
        // Other bytes, or the same bytes under another name, are other entries.
        #expect(try read("a.yaml", "two") == "TWO")
        #expect(try read("b.yaml", "one") == "ONE")
        #expect(parses.withLock { $0 } == 4)
    }

    @Test("a failure is not remembered")
    func failuresAreNotKept() throws {
        let memo = ParseMemo<String>()
        let attempts = Mutex(0)
        for _ in 0..<3 {
            #expect(throws: Broken.self) {
                try memo.value(file: "bad.yaml", bytes: [1, 2, 3]) {
                    attempts.withLock { $0 += 1 }
                    throw Broken()
                }
            }
        }
        #expect(attempts.withLock { $0 } == 3)
    }
}
