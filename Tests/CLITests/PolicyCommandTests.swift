import Foundation
import Kube
import Testing
import TestSupport

/// Kyverno policies through the binary: `git ops policy test` and `check`,
/// `git ops validate`, the pre-receive hook and `git ops sync`.
@Suite("git ops policy", .serialized)
struct PolicyCommandTests {
    static func latestTag(_ action: String) -> String {
        """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: disallow-latest-tag
        spec:
          validationFailureAction: \(action)
          rules:
          - name: validate-image-tag
            match:
              any:
              - resources:
                  kinds: [Pod]
            validate:
              message: "Using a mutable image tag e.g. 'latest' is not allowed."
              pattern:
                spec:
                  containers:
                  - image: "!*:latest"

        """
    }

    static func deployment(image: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: \(image)

        """
    }

    static func files(action: String, image: String) -> [String: String] {
        [
            ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n    cluster: git-ops-test\npolicies:\n- policies/latest.yaml\n",
            "policies/latest.yaml": latestTag(action),
            "clusters/dev/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
            "clusters/dev/web.yaml": deployment(image: image),
        ]
    }

    static func run(_ arguments: [String], _ sandbox: Sandbox, environment: [String: String] = [:]) throws -> CLIRunner.Result {
        try CLIRunner.run(arguments, in: URL(fileURLWithPath: sandbox.path("repo")), environment: environment)
    }

    @Test("policy test runs kyverno-test.yaml suites and exits 1 when a result differs")
    func policyTest() throws {
        let sandbox = try Sandbox()
        try sandbox.write("suite/policy.yaml", Self.latestTag("Audit"))
        try sandbox.write("suite/resources.yaml", Self.deployment(image: "nginx:latest") + "---\n"
            + Self.deployment(image: "nginx:1.27").replacingOccurrences(of: "name: web\n  namespace", with: "name: api\n  namespace"))
        let test = """
            apiVersion: cli.kyverno.io/v1alpha1
            kind: Test
            metadata: {name: latest}
            policies: [policy.yaml]
            resources: [resources.yaml]
            results:
            - policy: disallow-latest-tag
              rule: validate-image-tag
              kind: Deployment
              resources: [web]
              result: fail
            - policy: disallow-latest-tag
              rule: validate-image-tag
              kind: Deployment
              resources: [shop/api]
              result: pass

            """
        try sandbox.write("suite/.kyverno-test/kyverno-test.yaml", test.replacingOccurrences(of: "[policy.yaml]", with: "[../policy.yaml]")
            .replacingOccurrences(of: "[resources.yaml]", with: "[../resources.yaml]"))
        let passing = try CLIRunner.run(["policy", "test", sandbox.path("suite")])
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.hasSuffix("Test Summary: 2 tests passed and 0 tests failed\n"), "\(passing.stdout)")
        try sandbox.write("suite/.kyverno-test/kyverno-test.yaml", test.replacingOccurrences(of: "[policy.yaml]", with: "[../policy.yaml]")
            .replacingOccurrences(of: "[resources.yaml]", with: "[../resources.yaml]").replacingOccurrences(of: "result: fail", with: "result: pass"))
        let failing = try CLIRunner.run(["policy", "test", sandbox.path("suite")])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("Fail  policy disallow-latest-tag  rule validate-image-tag  resource web  Want pass, got fail"), "\(failing.stdout)")
        // A policy the engine cannot evaluate is an error naming the file and the rule.
        try sandbox.write("suite/policy.yaml", Self.latestTag("Audit").replacingOccurrences(of: "    validate:\n", with: "    preconditions:\n      all: []\n    validate:\n"))
        let refused = try CLIRunner.run(["policy", "test", sandbox.path("suite")])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("suite/policy.yaml: policy 'disallow-latest-tag', rule 'validate-image-tag': uses preconditions"), "\(refused.stderr)")
    }

    @Test("validate rejects an Enforce failure naming the policy, the object and its file; Audit warns")
    func validate() throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        try sandbox.commit("latest", Self.files(action: "Enforce", image: "nginx:latest"))
        let rejected = try Self.run(["validate"], sandbox)
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("error: environment 'dev': clusters/dev/web.yaml:4: Deployment/shop/web fails policy 'disallow-latest-tag' "
            + "rule 'autogen-validate-image-tag' (Enforce, policies/latest.yaml): validation error: Using a mutable image tag e.g. 'latest' is not allowed."),
            "\(rejected.stderr)")
        try sandbox.commit("audit", ["policies/latest.yaml": Self.latestTag("Audit")])
        let warned = try Self.run(["validate"], sandbox)
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.hasPrefix("warning: environment 'dev': clusters/dev/web.yaml:4: Deployment/shop/web fails policy 'disallow-latest-tag'"),
                "\(warned.stderr)")
        let check = try Self.run(["policy", "check", "--output", "json"], sandbox)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains(#""rule":"autogen-validate-image-tag","result":"fail","action":"Audit""#), "\(check.stdout)")
        #expect(check.stdout.contains(#""file":"clusters/dev/web.yaml""#), "\(check.stdout)")
        // A fixed image passes.
        try sandbox.commit("pinned", ["clusters/dev/web.yaml": Self.deployment(image: "nginx:1.27"),
                                      "policies/latest.yaml": Self.latestTag("Enforce")])
        let fixed = try Self.run(["policy", "check"], sandbox)
        #expect(fixed.status == 0 && fixed.stdout.contains("  pass  disallow-latest-tag/autogen-validate-image-tag  Deployment/shop/web  (clusters/dev/web.yaml)"),
                "\(fixed.stdout)\(fixed.stderr)")
    }

    @Test("policies that cannot be read are errors naming the file and rule", arguments: [
        ("policies/latest.yaml", "rules: [unclosed\n", "policies/latest.yaml"),
        ("policies/latest.yaml", latestTag("Enforce").replacingOccurrences(of: "      pattern:\n", with: "      deny: {}\n      pattern:\n"),
         "policy 'disallow-latest-tag', rule 'validate-image-tag': uses deny conditions"),
        ("policies/latest.yaml", latestTag("Enforce").replacingOccurrences(of: "containers:\n          - image: \"!*:latest\"", with: "containers: []"),
         "policy 'disallow-latest-tag', rule 'validate-image-tag': validate.pattern.spec.containers is an empty list"),
        (".gitops.yaml", "environments:\n  dev:\n    path: clusters/dev\npolicies:\n- policies/missing.yaml\n", "policies/missing.yaml"),
    ])
    func badPolicies(_ path: String, _ content: String, _ expected: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        var files = Self.files(action: "Enforce", image: "nginx:1.27")
        files[path] = content
        try sandbox.commit("bad", files)
        let result = try Self.run(["validate"], sandbox)
        #expect(result.status == 1)
        #expect(result.stderr.contains(expected) && result.stderr.contains("[policy]"), "\(result.stderr)")
    }

    @Test("a kustomization of policies is rendered like any path")
    func policyKustomization() throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        var files = Self.files(action: "Enforce", image: "nginx:latest")
        files[".gitops.yaml"] = "environments:\n  dev:\n    path: clusters/dev\n    policies: [policies]\n"
        files["policies/kustomization.yaml"] = "resources:\n- latest.yaml\n"
        try sandbox.commit("kustomized policies", files)
        let result = try Self.run(["validate"], sandbox)
        #expect(result.status == 1 && result.stderr.contains("(Enforce, policies/latest.yaml)"), "\(result.stderr)")
    }

    @Test("pre-receive rejects a push adding a latest tag under Enforce, and lets it through with a warning under Audit")
    func push() throws {
        let server = try HookPushTests.Server()
        var files = Self.files(action: "Enforce", image: "nginx:latest")
        files[".gitops.yaml"] = (HookPushTests.files[".gitops.yaml"] ?? "") + "policies:\n- policies/latest.yaml\n"
        files["clusters/dev/kustomization.yaml"] = "namespace: dev\nresources:\n- ../../base\n- web.yaml\n"
        files.removeValue(forKey: "clusters/dev/ns.yaml")
        try server.sandbox.commit("latest", files)
        let rejected = server.push("bob", "origin", "main")
        #expect(!rejected.accepted)
        #expect(rejected.output.contains("environment 'dev': clusters/dev/web.yaml:4: Deployment/dev/web fails policy 'disallow-latest-tag' "
            + "rule 'autogen-validate-image-tag' (Enforce, policies/latest.yaml)"), "\(rejected.output)")
        try server.sandbox.commit("audit", ["policies/latest.yaml": Self.latestTag("Audit")])
        let accepted = server.push("bob", "origin", "main")
        #expect(accepted.accepted, "\(accepted.output)")
        #expect(accepted.output.contains("git-ops: warning: environment 'dev':") && accepted.output.contains("(Audit, policies/latest.yaml)"),
                "\(accepted.output)")
    }

    @Test("sync stops before applying anything on an Enforce failure; --skip-policy applies and records the reason; Audit is recorded")
    func sync() async throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        try sandbox.commit("latest", Self.files(action: "Enforce", image: "nginx:latest"))
        let cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: sandbox.path("kubeconfig"))
        let environment = SyncCommandTests.identity.merging(["KUBECONFIG": cluster.kubeconfig]) { $1 }
        let refused = try Self.run(["sync", "dev", "--no-wait"], sandbox, environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("sync of 'dev' refused before anything was applied: 1 policy failed at"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Deployment/shop/web: policy 'disallow-latest-tag' rule 'autogen-validate-image-tag'"), "\(refused.stderr)")
        #expect(try await !SyncCommandTests.namespaces(cluster).contains("shop"))
        #expect((try? sandbox.git("rev-parse", "--verify", "-q", "refs/ops/deploy/dev")) == nil)

        let skipped = try Self.run(["sync", "dev", "--no-wait", "--skip-policy", "hotfix INC-42"], sandbox, environment: environment)
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout.contains("policy warning: disallow-latest-tag/autogen-validate-image-tag Deployment/shop/web (Enforce, skipped)"), "\(skipped.stdout)")
        #expect(try await SyncCommandTests.namespaces(cluster).contains("shop"))
        let record = try sandbox.git("log", "-1", "--format=%B", "refs/ops/deploy/dev")
        #expect(record.contains("Policy-Skipped: hotfix INC-42\n"), "\(record)")
        #expect(record.contains("Policy-Audit: disallow-latest-tag/autogen-validate-image-tag Deployment/shop/web (Enforce, skipped)\n"), "\(record)")

        try sandbox.commit("audit", ["policies/latest.yaml": Self.latestTag("Audit"), "clusters/dev/web.yaml": Self.deployment(image: "nginx:latest")
            .replacingOccurrences(of: "spec:\n  selector", with: "spec:\n  replicas: 2\n  selector")])
        let audited = try Self.run(["sync", "dev", "--no-wait"], sandbox, environment: environment)
        #expect(audited.status == 0, "\(audited.stderr)")
        #expect(audited.stdout.contains("policy warning: disallow-latest-tag/autogen-validate-image-tag Deployment/shop/web\n"), "\(audited.stdout)")
        let audit = try sandbox.git("log", "-1", "--format=%B", "refs/ops/deploy/dev")
        #expect(!audit.contains("Policy-Skipped") && audit.contains("Policy-Audit: disallow-latest-tag/autogen-validate-image-tag Deployment/shop/web\n"), "\(audit)")
        let bad = try Self.run(["sync", "dev", "--skip-policy", " "], sandbox, environment: environment)
        #expect(bad.status == 64 && bad.stderr.contains("--skip-policy needs a reason"), "\(bad.stderr)")
    }
}
