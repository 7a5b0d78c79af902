import Foundation
import Manifests
import Testing
@testable import Reconcile

/// `.gitops.yaml`: what it may say, its defaults, and an error that names the
/// field and the fix for every mistake.
@Suite("GitOpsFile")
struct GitOpsFileTests {
    static func decode(_ text: String) throws -> GitOpsFile {
        try GitOpsFile.decode(Array(text.utf8), file: ".gitops.yaml@abc1234")
    }

    @Test("reads the environments, owners and policies of the design's example")
    func example() throws {
        let file = try Self.decode("""
            environments:
              dev:
                path: clusters/dev
                cluster: dev
                branch: main
                prune: true
                selfHeal: true
                interval: 1m
              prod:
                path: clusters/prod
                cluster: prod
                protected: true
                autoRollback: true
                policies: [policies/]
            owners:
              "clusters/prod/**": [platform-lead, sre-oncall]
            """)
        #expect(file.environments.map(\.name) == ["dev", "prod"])
        let dev = try #require(file.environment("dev"))
        #expect(dev.selfHeal && dev.prune && dev.interval == 60_000_000_000)
        let prod = try #require(file.environment("prod"))
        #expect(prod.protected && prod.autoRollback && prod.policies == ["policies/"] && prod.branch == "main")
        #expect(prod.timeout == Environment.defaults.timeout && !prod.selfHeal)
        #expect(file.owners.first?.pattern == "clusters/prod/**" && file.owners.first?.users == ["platform-lead", "sre-oncall"])
    }

    @Test("skipAllowed lists the users who may bypass a failed check")
    func skipAllowed() throws {
        #expect(try Self.decode("skipAllowed: [alice, bob]\n").skipAllowed == ["alice", "bob"])
        #expect(try Self.decode("environments: {}\n").skipAllowed.isEmpty)
        #expect(throws: ConfigurationError.self) { try Self.decode("skipAllowed: {a: b}\n") }
    }

    @Test("an empty file, or one without environments, has none")
    func empty() throws {
        #expect(try Self.decode("").environments.isEmpty)
        #expect(try Self.decode("owners: {}\n").environments.isEmpty)
    }

    @Test("a mistake is an error naming the field and the fix", arguments: [
        ("environments:\n  dev:\n    path: a\n    prue: true\n", "unknown field 'prue' in 'environments.dev'; did you mean 'prune'?"),
        ("enviroments: {}\n", "unknown field 'enviroments'; did you mean 'environments'?"),
        ("environments:\n  dev:\n    path: a\n    interval: 5\n", "'environments.dev.interval' is '5', not a positive duration"),
        ("environments:\n  dev:\n    path: a\n    timeout: 1d\n", "'environments.dev.timeout' is '1d', not a positive duration"),
        ("environments:\n  dev:\n    path: a\n    prune: sometimes\n", "'environments.dev.prune' must be true or false, not 'sometimes'"),
        ("environments:\n  dev:\n    cluster: x\n", "'environments.dev' has no 'path:'"),
        ("environments:\n  dev:\n    path: ../elsewhere\n", "which leaves the repository"),
        ("environments:\n  -bad:\n    path: a\n", "invalid environment name '-bad'"),
        ("environments:\n  a/b:\n    path: a\n", "invalid environment name 'a/b'"),
        ("environments: [dev]\n", "'environments' must map environment names"),
        ("environments:\n  dev:\n    path: a\n    policies: {a: b}\n", "'environments.dev.policies' must be a list of strings"),
        ("a: [\n", "invalid YAML at line"),
    ])
    func mistakes(text: String, message: String) {
        #expect {
            try Self.decode(text)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.file == ".gitops.yaml@abc1234" && error.message.contains(message)
        }
    }

    @Test("gitops.yaml(5) documents every key the decoder accepts")
    func manualNamesEveryKey() throws {
        let manual = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("man/man5/gitops.yaml.5")
        let text = try String(contentsOf: manual, encoding: .utf8)
        for key in GitOpsFile.topKeys + GitOpsFile.environmentKeys {
            #expect(text.contains("\n.B \(key)\n"), "gitops.yaml(5) does not document '\(key)'")
        }
    }
}

