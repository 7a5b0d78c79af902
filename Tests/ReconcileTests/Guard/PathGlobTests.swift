import Git
import Manifests
import Testing
@testable import Reconcile

@Suite("owners globs")
struct PathGlobTests {
    @Test("match from the root, * within a component, ** across them", arguments: [
        ("clusters/prod/**", "clusters/prod/app.yaml", true), ("clusters/prod/**", "clusters/prod/a/b.yaml", true),
        ("clusters/prod/**", "clusters/production/app.yaml", false), ("clusters/*/secret.yaml", "clusters/dev/secret.yaml", true),
        ("clusters/*/secret.yaml", "clusters/dev/x/secret.yaml", false), ("**/*.yaml", "a/b/c.yaml", true),
        ("clusters/prod/", "clusters/prod/app.yaml", true), ("/.gitops.yaml", ".gitops.yaml", true), (".gitops.yaml", "x/.gitops.yaml", false),
    ])
    func matches(pattern: String, path: String, expected: Bool) {
        #expect(PathGlob(pattern).matches(path) == expected)
    }

    @Test("the last matching pattern decides, as in CODEOWNERS")
    func lastWins() {
        let rules = OwnerRules([("clusters/**", ["alice"]), ("clusters/dev/**", ["bob"])])
        #expect(rules.owners(of: "clusters/dev/a.yaml")?.users == ["bob"])
        #expect(rules.owners(of: "clusters/prod/a.yaml")?.users == ["alice"])
        #expect(rules.owners(of: "README.md") == nil)
        let findings = rules.check([PathChange(.renamed, "clusters/dev/a.yaml", from: "clusters/prod/a.yaml")], pusher: "bob")
        #expect(findings.map(\.file) == ["clusters/prod/a.yaml"])
        #expect(rules.check([PathChange(.modified, "clusters/dev/a.yaml")], pusher: nil).first?.message.contains("unknown") == true)
    }
}
