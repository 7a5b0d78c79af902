import Digests
import Foundation
import Kube
import Manifests
import TestSupport
import Testing

/// The pre-receive hook through a real `git push` to a bare repository with
/// git-ops' hooks installed: git sets up the quarantine, the shim finds the
/// binary on PATH as `git-ops-hook`.
@Suite("pre-receive through git push")
struct HookPushTests {
    static let files: [String: String] = [
        ".gitops.yaml": """
            environments:
              dev:
                path: clusters/dev
              plain:
                path: clusters/plain
              prod:
                path: clusters/prod
                branch: production
                protected: true
            owners:
              "clusters/prod/**": [alice]
            skipAllowed: [alice]

            """,
        "base/kustomization.yaml": "resources:\n- app.yaml\n",
        "base/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  color: blue\n",
        "clusters/dev/kustomization.yaml": "namespace: dev\nresources:\n- ../../base\n",
        "clusters/prod/kustomization.yaml": "namespace: prod\nresources:\n- ../../base\n",
        "clusters/plain/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n  namespace: plain\n",
    ]

    /// A bare `server.git` with the hooks installed, and a clone `repo` whose
    /// `main` is on the server as `main` and `production`, pushed by alice.
    struct Server {
        let sandbox: Sandbox
        let bin: String

        init() throws {
            sandbox = try Sandbox()
            try sandbox.makeRepository("server.git", bare: true)
            let install = try CLIRunner.run(["hooks", "install", sandbox.path("server.git")])
            #expect(install.status == 0, "\(install.stderr)")
            bin = sandbox.path("bin")
            try sandbox.makeDirectory("bin")
            try FileManager.default.createSymbolicLink(atPath: bin + "/git-ops-hook", withDestinationPath: CLIRunner.binary.path)
            try sandbox.makeRepository()
            try sandbox.commit("first", HookPushTests.files)
            try sandbox.git("remote", "add", "origin", "../server.git")
            let first = push("alice", "origin", "main", "main:production")
            #expect(first.accepted, "\(first.output)")
        }

        /// `git push` as `user`; whether it was accepted, and what git and the hook printed.
        func push(_ user: String, _ arguments: String..., environment: [String: String] = [:]) -> (accepted: Bool, output: String) {
            let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            do {
                let result = try CLIRunner.run(["push"] + arguments, in: URL(fileURLWithPath: sandbox.path("repo")),
                                               executable: URL(fileURLWithPath: "/usr/bin/git"),
                                               environment: environment.merging(["PATH": path, "GIT_OPS_USER": user]) { $1 })
                return (result.status == 0, result.stdout + result.stderr)
            } catch {
                return (false, "\(error)")
            }
        }

        /// The lines of the server's note on `commit` on refs/notes/ops.
        func notes(on commit: String) throws -> [String] {
            let text = (try? sandbox.git("notes", "--ref", "ops", "show", commit, in: "server.git")) ?? ""
            return text.split(separator: "\n").map(String.init)
        }

        /// The server's refs and its object count, to compare before and after a push.
        func state() throws -> String {
            try sandbox.git("for-each-ref", in: "server.git") + "\n" + sandbox.git("count-objects", "-v", in: "server.git")
        }
    }

    @Test("a good change is accepted, and the environments it can change are rendered")
    func accepted() throws {
        let server = try Server()
        try server.sandbox.commit("blue to green", ["base/app.yaml": Self.files["base/app.yaml"]!.replacingOccurrences(of: "blue", with: "green")])
        let result = server.push("bob", "origin", "main")
        #expect(result.accepted, "\(result.output)")
    }

    @Test("an environment whose inputs a push leaves alone is not rendered again, and its findings still count")
    func unchangedInputsReuseTheVerdict() throws {
        let server = try Server()
        try server.sandbox.commit("plain grows", ["clusters/plain/more.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: more\n  namespace: plain\n"])
        let first = server.push("bob", "origin", "main")
        #expect(first.accepted, "\(first.output)")
        #expect(first.output.contains("environment 'dev': renders 1 object (nothing it reads changed; checked before)"), "\(first.output)")
        #expect(first.output.contains("environment 'plain': renders 2 objects") && !first.output.contains("'plain': renders 2 objects (nothing"),
                "\(first.output)")
        // A change dev reads renders it again.
        try server.sandbox.commit("dev label", ["clusters/dev/kustomization.yaml": "namespace: dev\ncommonLabels:\n  tier: one\nresources:\n- ../../base\n"])
        let second = server.push("bob", "origin", "main")
        #expect(second.accepted && !second.output.contains("environment 'dev': renders 1 object (nothing"), "\(second.output)")
        // A verdict with findings, reused for a push that changes nothing plain reads, rejects again.
        try server.sandbox.commit("bad name", ["clusters/plain/bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n"])
        let bad = server.push("bob", "origin", "main")
        #expect(!bad.accepted && bad.output.contains("clusters/plain/bad.yaml:4:"), "\(bad.output)")
        try server.sandbox.commit("unrelated", ["README.md": "hello\n"])
        let again = server.push("bob", "origin", "main")
        #expect(!again.accepted, "\(again.output)")
        #expect(again.output.contains("environment 'plain': renders 3 objects (nothing it reads changed; checked before)"), "\(again.output)")
        #expect(again.output.contains("clusters/plain/bad.yaml:4:") && again.output.contains("[object]"), "\(again.output)")
    }

    @Test("a push that changes one app of an environment renders that app alone, and a broken one still rejects")
    func changedPartRenderedAlone() throws {
        let server = try Server()
        func app(_ name: String, _ value: String) -> String {
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\ndata:\n  value: \(value)\n"
        }
        var files = ["clusters/all/kustomization.yaml": "resources:\n- ../../apps/one\n- ../../apps/two\n- ../../apps/three\n",
                     ".gitops.yaml": Self.files[".gitops.yaml"]!.replacingOccurrences(of: "environments:\n", with: "environments:\n  all:\n    path: clusters/all\n")]
        for name in ["one", "two", "three"] {
            files["apps/\(name)/kustomization.yaml"] = "namespace: \(name)\nresources:\n- app.yaml\n"
            files["apps/\(name)/app.yaml"] = app(name, "a")
        }
        try server.sandbox.commit("three apps", files)
        let first = server.push("bob", "origin", "main")
        #expect(first.accepted && first.output.contains("environment 'all': renders 3 objects")
                && !first.output.contains("'all': renders 3 objects ("), "\(first.output)")
        try server.sandbox.commit("two changes", ["apps/two/app.yaml": app("two", "b")])
        let one = server.push("bob", "origin", "main")
        #expect(one.accepted, "\(one.output)")
        #expect(one.output.contains("environment 'all': renders 3 objects (1 of its 3 resources changed; only that one rendered again)"),
                "\(one.output)")
        try server.sandbox.commit("three breaks", ["apps/three/app.yaml": app("Three_Bad", "a")])
        let bad = server.push("bob", "origin", "main")
        #expect(!bad.accepted && bad.output.contains("apps/three/app.yaml:4:") && bad.output.contains("[object]"), "\(bad.output)")
        // The refused push kept nothing: its fix is compared with the last accepted commit.
        try server.sandbox.commit("three fixed", ["apps/three/app.yaml": app("three", "c")])
        let fixed = server.push("bob", "origin", "main")
        #expect(fixed.accepted && fixed.output.contains("(1 of its 3 resources changed; only that one rendered again)"), "\(fixed.output)")
    }

    @Test("post-receive notes each accepted push on the environments' branch, by whom, and nothing for other refs")
    func pushRecorded() throws {
        let server = try Server()
        try server.sandbox.commit("bluer", ["base/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  color: navy\n"])
        let old = try server.sandbox.git("rev-parse", "main~1").trimmingCharacters(in: .whitespacesAndNewlines)
        let new = try server.sandbox.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(server.push("bob", "origin", "main").accepted)
        let lines = try server.notes(on: new)
        #expect(lines.count == 2, "\(lines)")
        for environment in ["dev", "plain"] {
            #expect(lines.contains { $0.hasPrefix("{\"time\":\"") && $0.hasSuffix("\"env\":\"\(environment)\",\"push\":\"refs/heads/main\",\"old\":\"\(old)\",\"new\":\"\(new)\",\"by\":\"bob\"}") },
                    "\(lines)")
        }
        // The first push made production (prod's branch) from nothing.
        #expect(try server.notes(on: old).contains { $0.contains("\"env\":\"prod\",\"push\":\"refs/heads/production\",\"old\":\"\(String(repeating: "0", count: 40))\"") })
        // A tag is no environment's branch: no note.
        try server.sandbox.git("tag", "v1", "main~1")
        let before = try server.notes(on: old)
        #expect(server.push("bob", "origin", "v1").accepted)
        #expect(try server.notes(on: old) == before)
    }

    @Test("post-receive syncs an autoSync environment in the background, without holding the pusher")
    func autoSync() async throws {
        let server = try Server()
        let cluster = try await LocalClusterHarness(data: server.sandbox.path("cluster"), kubeconfig: server.sandbox.path("kubeconfig"))
        defer { Task { await cluster.stop() } }
        try server.sandbox.commit("sync dev on push", [
            ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n    cluster: \(cluster.context)\n    autoSync: true\n"
                + "  plain:\n    path: clusters/plain\n",
            "clusters/dev/kustomization.yaml": "namespace: dev\nresources:\n- ns.yaml\n- ../../base\n",
            "clusters/dev/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n",
        ])
        let new = try server.sandbox.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines)
        let pushed = server.push("bob", "origin", "main", environment: ["KUBECONFIG": cluster.kubeconfig])
        #expect(pushed.accepted, "\(pushed.output)")
        #expect(pushed.output.contains("environment 'dev': syncing in the background (autoSync)"), "\(pushed.output)")
        #expect(!pushed.output.contains("environment 'plain': syncing"))
        var deployed = ""
        for _ in 0..<1200 where deployed.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            let record = try? server.sandbox.git("log", "-1", "--format=%B", "refs/ops/deploy/dev", in: "server.git")
            if let record, record.contains("Result: succeeded") || record.contains("Result: failed") || record.contains("Result: unhealthy") {
                deployed = record
            }
        }
        let log = (try? String(contentsOfFile: server.sandbox.path("server.git/ops/logs/sync-dev.log"), encoding: .utf8)) ?? "(no log)"
        #expect(deployed.contains("Source-Commit: \(new)") && deployed.contains("Result: succeeded"), "\(deployed)\n\(log)")
        let color = try await cluster.withClient { client in
            try await client.get(GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), name: "app", namespace: "dev")?[path: ["data", "color"]]?.text
        }
        #expect(color == "blue")
    }

    @Test("post-receive sends a signed push event to the webhook of ops.webhook, without holding the pusher")
    func webhook() async throws {
        let server = try Server()
        let receiver = try WebhookReceiver()
        try server.sandbox.git("config", "ops.webhook", "http://127.0.0.1:\(receiver.port)/api/webhook", in: "server.git")
        try server.sandbox.git("config", "ops.webhookSecret", "s3cret", in: "server.git")
        try server.sandbox.git("config", "ops.webhookRepository", "https://git.example.com/platform/deploy.git", in: "server.git")
        try server.sandbox.commit("greener", ["base/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  color: green\n"])
        let old = try server.sandbox.git("rev-parse", "main~1").trimmingCharacters(in: .whitespacesAndNewlines)
        let new = try server.sandbox.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines)
        let pushed = server.push("bob", "origin", "main")
        #expect(pushed.accepted && pushed.output.contains("refs/heads/main: notifying the webhook of ops.webhook in the background"), "\(pushed.output)")
        #expect(!pushed.output.contains("s3cret") && !pushed.output.contains("\(receiver.port)"))
        let request = try #require(await receiver.request(within: 120),
                                   "\((try? String(contentsOfFile: server.sandbox.path("server.git/ops/logs/webhook.log"), encoding: .utf8)) ?? "")")
        #expect(request.head.hasPrefix("POST /api/webhook HTTP/1.1"))
        let headers = request.head.lowercased()
        #expect(headers.contains("x-github-event: push") && headers.contains("content-type: application/json"), "\(request.head)")
        let signature = "sha256=" + SHA256.hex(try #require(SHA256.hmac(key: Array("s3cret".utf8), message: Array(request.body.utf8))))
        #expect(headers.contains("x-hub-signature-256: \(signature)"), "\(request.head)")
        let event = try JSON.parse(request.body)
        #expect(event["ref"]?.string == "refs/heads/main" && event["before"]?.string == old && event["after"]?.string == new)
        #expect(event["repository"]?["html_url"]?.string == "https://git.example.com/platform/deploy.git")
        #expect(event["repository"]?["name"]?.string == "deploy" && event["pusher"]?["name"]?.string == "bob")
        // The request file is gone once sent; the log says it was accepted, by host only.
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: server.sandbox.path("server.git/ops/webhook"))) ?? []).isEmpty)
        var log = ""
        for _ in 0..<1200 where !log.contains("accepted") {
            try await Task.sleep(for: .milliseconds(50))
            log = (try? String(contentsOfFile: server.sandbox.path("server.git/ops/logs/webhook.log"), encoding: .utf8)) ?? ""
        }
        #expect(log.contains("webhook: 127.0.0.1 accepted the push of refs/heads/main (200)") && !log.contains("/api/webhook"), "\(log)")
    }

    @Test("-o ops.diff prints the rendered diff of each environment checked, Secret values masked")
    func diff() throws {
        let server = try Server()
        let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: plain\nstringData:\n  password: hunter2\n"
        try server.sandbox.commit("green", ["base/app.yaml": Self.files["base/app.yaml"]!.replacingOccurrences(of: "blue", with: "green"),
                                            "clusters/plain/secret.yaml": secret])
        let result = server.push("bob", "-o", "ops.diff", "origin", "main")
        #expect(result.accepted, "\(result.output)")
        #expect(result.output.contains("environment 'dev': rendered diff:") && result.output.contains("--- a/ConfigMap/dev/app"), "\(result.output)")
        #expect(result.output.contains("-  color: blue") && result.output.contains("+  color: green"))
        #expect(result.output.contains("+++ b/Secret/plain/db") && !result.output.contains("hunter2"))
        #expect(!server.push("bob", "origin", "main").output.contains("rendered diff"))
    }

    @Test("a broken push is rejected, naming the file and the rule, and leaves the server as it was", arguments: [
        ("invalid YAML", ["base/app.yaml": "apiVersion: v1\nkind: [ConfigMap\n"], "base/app.yaml", "[render]"),
        ("a broken kustomization", ["clusters/dev/kustomization.yaml": "resources:\n- missing.yaml\n"], "clusters/dev", "[render]"),
        ("a duplicate object", ["clusters/plain/other.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n  namespace: plain\n"],
         "clusters/plain/other.yaml: may not add resource with an already registered id", "[render]"),
        ("a name Kubernetes refuses", ["clusters/plain/bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n"],
         "clusters/plain/bad.yaml:4:", "[object]"),
        ("a Deployment without an image", ["clusters/plain/web.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: plain\n"
            + "spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n"],
         "clusters/plain/web.yaml:4: Deployment/plain/web is refused by Kubernetes: spec.template.spec.containers[0].image: Required value", "[object]"),
        ("a plaintext file a .sops.yaml rule covers", [".sops.yaml": "creation_rules:\n- path_regex: secrets/.*\n  age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n",
                                                      "secrets/token.yaml": "token: plain\n"],
         "secrets/token.yaml: matches path_regex 'secrets/.*' of .sops.yaml but is not encrypted", "[sops-rule]"),
        ("a .gitops.yaml that is not YAML", [".gitops.yaml": "environments: [\n"], ".gitops.yaml", "[configuration]"),
        ("an unknown key in .gitops.yaml", [".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n    prune: true\n    intervall: 1m\n"],
         ".gitops.yaml", "did you mean 'interval'"),
        ("an environment naming a missing path", [".gitops.yaml": "environments:\n  dev:\n    path: clusters/nowhere\n"],
         "clusters/nowhere", "[configuration]"),
        ("a symbolic link loop", ["clusters/plain/loop": "-> ."], "symbolic link cycle", "[render]"),
    ])
    func rejected(what: String, change: [String: String], file: String, rule: String) throws {
        let server = try Server()
        var change = change
        if change["clusters/plain/loop"] != nil {
            change["clusters/plain/loop"] = nil
            try FileManager.default.createSymbolicLink(atPath: server.sandbox.path("repo/clusters/plain/loop"), withDestinationPath: ".")
        }
        try server.sandbox.commit(what, change)
        let before = try server.state()
        let result = server.push("bob", "origin", "main")
        #expect(!result.accepted, "\(what) was accepted: \(result.output)")
        #expect(result.output.contains(file) && result.output.contains(rule), "\(result.output)")
        #expect(try server.state() == before)
    }

    @Test("a plaintext Secret is rejected in a protected environment and allowed elsewhere")
    func plaintextSecret() throws {
        let server = try Server()
        let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n"
        try server.sandbox.commit("a secret", ["base/secret.yaml": secret, "base/kustomization.yaml": "resources:\n- app.yaml\n- secret.yaml\n"])
        #expect(server.push("alice", "origin", "main").accepted)
        let before = try server.state()
        let result = server.push("alice", "origin", "main:production")
        #expect(!result.accepted)
        #expect(result.output.contains("environment 'prod': base/secret.yaml:4: Secret/prod/db has plaintext 'stringData'"), "\(result.output)")
        #expect(result.output.contains("[plaintext-secret]"))
        #expect(try server.state() == before)
    }

    @Test("a path owned by others is refused to the pusher and accepted from an owner")
    func owners() throws {
        let server = try Server()
        try server.sandbox.commit("prod label", ["clusters/prod/kustomization.yaml": "namespace: prod\ncommonLabels:\n  tier: gold\nresources:\n- ../../base\n"])
        let bob = server.push("bob", "origin", "main")
        #expect(!bob.accepted)
        #expect(bob.output.contains("clusters/prod/kustomization.yaml: owned by alice") && bob.output.contains("'bob' may not change it [owners]"),
                "\(bob.output)")
        #expect(server.push("alice", "origin", "main").accepted)
    }

    @Test("a protected environment's branch can be neither deleted nor rewritten")
    func protectedBranch() throws {
        let server = try Server()
        let deleted = server.push("alice", "origin", ":production")
        #expect(!deleted.accepted)
        #expect(deleted.output.contains("deleting branch 'production' is refused") && deleted.output.contains("[protected-branch]"), "\(deleted.output)")
        try server.sandbox.git("commit", "-q", "--amend", "-m", "rewritten")
        let rewritten = server.push("alice", "-f", "origin", "main:production")
        #expect(!rewritten.accepted)
        #expect(rewritten.output.contains("rewriting branch 'production'"), "\(rewritten.output)")
        #expect(server.push("alice", "-f", "origin", "main").accepted, "main deploys no protected environment")
    }

    @Test("-o ops.skip lets a user of skipAllowed through and is refused for others")
    func skip() throws {
        let server = try Server()
        try server.sandbox.commit("broken", ["base/app.yaml": "kind: [\n"])
        let bob = server.push("bob", "-o", "ops.skip=hotfix", "origin", "main")
        #expect(!bob.accepted)
        #expect(bob.output.contains("[skip]"), "\(bob.output)")
        let alice = server.push("alice", "-o", "ops.skip=hotfix", "origin", "main")
        #expect(alice.accepted, "\(alice.output)")
        #expect(alice.output.contains("bypassed with -o ops.skip by alice: hotfix"))
        // post-receive records the bypass in the note of the pushed commit, and leaves no file behind.
        let new = try server.sandbox.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = try server.notes(on: new)
        #expect(lines.contains { $0.contains("\"env\":\"dev\"") && $0.hasSuffix("\"by\":\"alice\",\"skip\":\"hotfix\",\"bypassed\":[\"render\"]}") },
                "\(lines)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: server.sandbox.path("server.git/ops/bypass"))) ?? []).isEmpty)
    }

    @Test("a 50 MB blob the environments do not read passes")
    func largeBlob() throws {
        let server = try Server()
        try CLIRunner.shell("head -c 52428800 /dev/zero > clusters/plain/blob.bin", in: URL(fileURLWithPath: server.sandbox.path("repo")))
        try server.sandbox.commit("a large blob")
        let result = server.push("bob", "origin", "main")
        #expect(result.accepted, "\(result.output)")
    }

    @Test("a file name that is not UTF-8 is refused where a render lists it, and passes where none reads it")
    func nonUTF8Name() throws {
        let server = try Server()
        let repo = URL(fileURLWithPath: server.sandbox.path("repo"))
        try CLIRunner.shell("mkdir -p docs && printf 'x' > \"docs/$(printf 'n\\377')\"", in: repo)
        try server.sandbox.commit("a name elsewhere")
        let elsewhere = server.push("bob", "origin", "main")
        #expect(elsewhere.accepted, "\(elsewhere.output)")
        try CLIRunner.shell("printf 'kind: ConfigMap\\n' > \"clusters/plain/$(printf 'b\\377').yaml\"", in: repo)
        try server.sandbox.commit("a name in a plain directory")
        let before = try server.state()
        let listed = server.push("bob", "origin", "main")
        #expect(!listed.accepted, "\(listed.output)")
        #expect(listed.output.contains("clusters/plain") && listed.output.contains("holds 'b\\xff.yaml', a name that is not UTF-8"), "\(listed.output)")
        #expect(try server.state() == before)
    }

    @Test("malformed hook input is a clear rejection", arguments: [
        "garbage\n", "0000 1111 refs/heads/main\n",
        "\(String(repeating: "0", count: 40)) \(String(repeating: "0", count: 40)) refs/heads/main\n",
        "\(String(repeating: "a", count: 40)) \(String(repeating: "b", count: 40))\n",
    ])
    func malformedInput(input: String) throws {
        let server = try Server()
        let result = try CLIRunner.run(["-c", "printf '%s' \"$1\" | \"$2\" hook pre-receive", "sh", input, CLIRunner.binary.path],
                                       in: URL(fileURLWithPath: server.sandbox.path("server.git")), executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("of the hook's input") && result.stderr.contains("[input]"), "\(result.stderr)")
    }

    @Test("GitLab's GL-HOOK-ERR prefix marks each line of a rejection when GL_ID is set")
    func gitLabPrefix() throws {
        let server = try Server()
        let result = try CLIRunner.run(["-c", "echo garbage | \"$1\" hook pre-receive", "sh", CLIRunner.binary.path],
                                       in: URL(fileURLWithPath: server.sandbox.path("server.git")), executable: URL(fileURLWithPath: "/bin/sh"),
                                       environment: ["GL_ID": "user-1"])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("GL-HOOK-ERR: ") }, "\(result.stderr)")
    }
}
