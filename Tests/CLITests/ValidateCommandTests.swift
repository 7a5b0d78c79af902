import Foundation
import TestSupport
import Testing

/// `git ops validate`: the push-time checks at a revision, without a push.
@Suite("git ops validate")
struct ValidateCommandTests {
    static let files = [
        ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n  prod:\n    path: clusters/prod\n    protected: true\n",
        "clusters/dev/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n",
        "clusters/prod/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n",
    ]

    static func validate(_ arguments: [String], _ sandbox: Sandbox) throws -> CLIRunner.Result {
        try CLIRunner.run(["validate"] + arguments, in: URL(fileURLWithPath: sandbox.path("repo")))
    }

    @Test("passes a valid revision and reports each environment")
    func valid() throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        try sandbox.commit("first", Self.files)
        let result = try Self.validate([], sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "dev: ok, 1 object\nprod: ok, 1 object\n")
    }

    @Test("fails with the hook's report, for the named environments, at --rev, and as JSON")
    func invalid() throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        try sandbox.commit("first", Self.files)
        try sandbox.commit("a secret", ["clusters/prod/secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  a: YQ==\n"])
        let result = try Self.validate([], sandbox)
        #expect(result.status == 1)
        #expect(result.stderr == "error: environment 'prod': clusters/prod/secret.yaml:4: Secret/db has plaintext 'data' in a protected environment; "
            + "encrypt the file with SOPS (git ops secret) or move the value out of git [plaintext-secret]\n")
        #expect(try Self.validate(["dev"], sandbox).status == 0)
        #expect(try Self.validate(["--rev", "HEAD~1"], sandbox).status == 0)
        let json = try Self.validate(["--output", "json", "prod"], sandbox)
        #expect(json.status == 1)
        #expect(json.stdout.contains(#""rule":"plaintext-secret""#) && json.stdout.contains(#""line":4"#), "\(json.stdout)")
        let unknown = try Self.validate(["staging"], sandbox)
        #expect(unknown.status == 64 && unknown.stderr.contains("no environment 'staging'"), "\(unknown.stderr)")
    }

    @Test("--diff prints each environment's rendered diff from a base, Secret values masked, for CI")
    func diffFromBase() throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        let base = try sandbox.commit("first", Self.files)
        try sandbox.commit("change dev", [
            "clusters/dev/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  color: green\n",
            "clusters/dev/token.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  value: hunter2\n",
        ])
        let result = try Self.validate(["--diff", base], sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        let short = String(base.prefix(7))
        #expect(result.stdout.hasPrefix("dev: ok, 2 objects\nprod: ok, 1 object\ndev: rendered diff from \(short)\n"), "\(result.stdout)")
        #expect(result.stdout.contains("--- a/ConfigMap/app\n+++ b/ConfigMap/app\n") && result.stdout.contains("+  color: green\n"),
                "\(result.stdout)")
        #expect(result.stdout.contains("--- /dev/null\n+++ b/Secret/token\n"), "\(result.stdout)")
        #expect(!result.stdout.contains("hunter2") && !result.stdout.contains("aHVudGVyMg"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("prod: no change to the rendered objects from \(short)\n"), "\(result.stdout)")
        let json = try Self.validate(["--diff", base, "--output", "json", "dev"], sandbox)
        #expect(json.status == 0 && json.stdout.contains(#""diff":"--- a/ConfigMap/app"#), "\(json.stdout)")
        let bad = try Self.validate(["--diff", "no-such-rev"], sandbox)
        #expect(bad.status != 0 && bad.stderr.contains("cannot resolve 'no-such-rev' (--diff)"), "\(bad.stderr)")
    }

    @Test("a file a .sops.yaml creation rule covers must be encrypted")
    func sopsRules() throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        let keygen = try CLIRunner.run(["secret", "keygen"], in: URL(fileURLWithPath: sandbox.path("repo")))
        let recipient = try #require(keygen.stdout.split(separator: "\n").first { $0.hasPrefix("# public key: ") }).dropFirst("# public key: ".count)
        var files = Self.files
        files[".sops.yaml"] = "creation_rules:\n- path_regex: secrets/.*\\.yaml$\n  encrypted_regex: ^(data|stringData)$\n  age: \(recipient)\n"
        files["secrets/db.yaml"] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n"
        try sandbox.commit("first", files)
        let result = try Self.validate([], sandbox)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: secrets/db.yaml: matches path_regex 'secrets/.*\\.yaml$' of .sops.yaml but is not encrypted; "
            + "run 'git ops secret encrypt -i secrets/db.yaml' [sops-rule]"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
        let encrypted = try CLIRunner.run(["secret", "encrypt", "-i", "secrets/db.yaml"], in: URL(fileURLWithPath: sandbox.path("repo")))
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        try sandbox.commit("encrypted")
        let passed = try Self.validate([], sandbox)
        #expect(passed.status == 0, "\(passed.stderr)")
    }
}
