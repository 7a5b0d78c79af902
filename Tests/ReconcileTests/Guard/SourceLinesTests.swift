import Git
import Manifests
import Testing
@testable import Reconcile

@Suite("finding lines")
struct SourceLinesTests {
    @Test("finds an object's name line in its document of a multi-document file")
    func objectLine() {
        let file = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: \"a\"\n"
        #expect(SourceLines.line(ofKind: "Secret", name: "a", in: Array(file.utf8)) == 9)
        #expect(SourceLines.line(ofKind: "ConfigMap", name: "a", in: Array(file.utf8)) == 4)
        #expect(SourceLines.line(ofKind: "Secret", name: "prefixed-a", in: Array(file.utf8)) == 6)
        #expect(SourceLines.line(ofKind: "Role", name: "a", in: Array(file.utf8)) == nil)
        #expect(SourceLines.line(inMessage: "invalid YAML at line 12, column 3: x") == 12)
    }
}
