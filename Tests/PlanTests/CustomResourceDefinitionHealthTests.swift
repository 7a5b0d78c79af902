import Testing
@testable import Plan

@Suite("CustomResourceDefinition health")
struct CustomResourceDefinitionHealthTests {
    @Test("is current once Established and failed when its names clash", arguments: [
        ("[]", Health(.inProgress, reason: "Installing", message: "Install in progress")),
        ("[{type: Established, status: 'False', reason: Installing, message: 'the initial names have not been accepted'}]",
         Health(.inProgress, reason: "Installing", message: "Install in progress")),
        ("[{type: NamesAccepted, status: 'True'}, {type: Established, status: 'True'}]",
         Health(.current, message: "CRD is established")),
        ("[{type: NamesAccepted, status: 'False', reason: ListKindConflict, message: 'WidgetList is already in use'}]",
         Health(.failed, reason: "ListKindConflict", message: "WidgetList is already in use")),
        ("[{type: Established, status: 'False', reason: NotAccepted, message: 'not all names are accepted'}]",
         Health(.failed, reason: "NotAccepted", message: "not all names are accepted")),
    ])
    func conditions(conditions: String, expected: Health) throws {
        #expect(try health("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            status: {conditions: \(conditions)}
            """) == expected)
    }
}
