import Testing
@testable import Plan

@Suite("PersistentVolumeClaim health")
struct PersistentVolumeClaimHealthTests {
    @Test("is current once Bound and in progress in any other phase", arguments: [
        ("status: {phase: Bound}", Health(.current, message: "PVC is Bound")),
        ("status: {phase: Pending}", Health(.inProgress, reason: "NotBound", message: "PVC is not Bound. phase: Pending")),
        ("status: {phase: Lost}", Health(.inProgress, reason: "NotBound", message: "PVC is not Bound. phase: Lost")),
        ("spec: {}", Health(.inProgress, reason: "NotBound", message: "PVC is not Bound. phase: unknown")),
    ])
    func phases(body: String, expected: Health) throws {
        #expect(try health("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\n\(body)\n") == expected)
    }
}
