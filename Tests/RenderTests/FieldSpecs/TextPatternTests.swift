import Testing
@testable import Render

@Suite("target patterns")
struct TextPatternTests {
    /// Names, `.` wildcards and choices of names are matched by hand; each must
    /// agree with the regular expression kustomize compiles (`^(?:pattern)$`).
    @Test("a name, a name with '.', and a choice of names match as the whole-text regular expression does",
          arguments: ["Deployment", "Deploy.ent", "Deployment|StatefulSet", "a|", "|a", "a||b", "app.v1|app", "dé.|x"])
    func handMatchingAgreesWithRegex(pattern: String) throws {
        let compiled = try TextPattern(pattern, field: "kind")
        if case .regex = compiled.matcher { Issue.record("'\(pattern)' was compiled, not matched by hand") }
        let regex = try Regex(pattern)
        for text in ["", "a", "b", "x", "Deployment", "StatefulSet", "DeploymentStatefulSet", "Deployment|StatefulSet",
                     "Deployxent", "Deploy€ent", "app", "appxv1", "app.v1", "app.v1x", "dé€", "déa", "dé", "ab"] {
            #expect(compiled.matches(text) == ((try? regex.wholeMatch(in: text)) != nil), "'\(pattern)' against '\(text)'")
        }
    }

    @Test("other syntax is a regular expression, and a bad one names the field")
    func otherSyntaxIsARegex() throws {
        let compiled = try TextPattern("Deploy(ment|s)", field: "kind")
        #expect(compiled.matches("Deployment") && compiled.matches("Deploys") && !compiled.matches("Deploy"))
        #expect(throws: RenderError.self) { try TextPattern("(Deployment", field: "kind") }
    }
}
