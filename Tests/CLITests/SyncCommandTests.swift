import Foundation
import Kube
import Testing
import TestSupport

/// `git ops sync`, `diff` and `status` with the real binary against local clusters over HTTPS.
@Suite("git ops sync, diff and status", .serialized)
struct SyncCommandTests {
    static let identity = ["GIT_COMMITTER_NAME": "Cy Committer", "GIT_COMMITTER_EMAIL": "cy@example.com"]

    static func configMaps(_ namespace: String, _ names: [String]) -> [String: String] {
        var files = ["kustomization.yaml": "namespace: \(namespace)\nresources:\n- ns.yaml\n" + names.map { "- \($0).yaml\n" }.joined(),
                     "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n"]
        for name in names { files["\(name).yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\ndata:\n  k: v\n" }
        return files
    }

    static func environment(_ directory: String, _ files: [String: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: files.map { ("\(directory)/\($0.key)", $0.value) })
    }

    static func namespaces(_ cluster: LocalClusterHarness) async throws -> Set<String> {
        try await cluster.withClient { client in
            Set(try await client.list(GroupVersionKind(apiVersion: "v1", kind: "Namespace")).items.compactMap { $0[path: ["metadata", "name"]]?.text })
        }
    }

    /// A repository whose one environment `dev` holds a namespace and ConfigMaps, a local
    /// cluster, and the environment the binary runs with (identity, KUBECONFIG).
    struct OneEnvironment {
        let sandbox: Sandbox
        let cluster: LocalClusterHarness
        let repository: URL
        let environment: [String: String]

        init(namespace: String, _ names: [String], cluster context: String = "git-ops-test") async throws {
            sandbox = try Sandbox()
            try sandbox.makeRepository()
            var files = SyncCommandTests.environment("clusters/dev", SyncCommandTests.configMaps(namespace, names))
            files[".gitops.yaml"] = "environments:\n  dev:\n    path: clusters/dev\n    cluster: \(context)\n"
            try sandbox.commit("first", files)
            cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: sandbox.path("kubeconfig"))
            repository = URL(fileURLWithPath: sandbox.path("repo"))
            environment = SyncCommandTests.identity.merging(["KUBECONFIG": cluster.kubeconfig]) { $1 }
        }

        func run(_ arguments: String..., environment extra: [String: String] = [:]) async throws -> CLIRunner.Result {
            try await CLIRunner.run(arguments, in: repository, environment: environment.merging(extra) { $1 })
        }
    }

    @Test("--all syncs each environment to its own cluster, side by side, a summary line each")
    func allOnTwoClusters() async throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        var files = Self.environment("clusters/eu", Self.configMaps("shop-eu", ["a", "b"]))
            .merging(Self.environment("clusters/us", Self.configMaps("shop-us", ["a"]))) { $1 }
        files[".gitops.yaml"] = """
            environments:
              eu:
                path: clusters/eu
                cluster: git-ops-eu
              us:
                path: clusters/us
                cluster: git-ops-us

            """
        try sandbox.commit("two regions", files)
        let kubeconfig = sandbox.path("kubeconfig")
        let eu = try await LocalClusterHarness(data: sandbox.path("eu"), kubeconfig: kubeconfig, context: "git-ops-eu")
        let us = try await LocalClusterHarness(data: sandbox.path("us"), kubeconfig: kubeconfig, context: "git-ops-us")
        let result = try await CLIRunner.run(["sync", "--all"], in: URL(fileURLWithPath: sandbox.path("repo")),
                                       environment: Self.identity.merging(["KUBECONFIG": kubeconfig]) { $1 })
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("eu: applied 3, pruned 0, unchanged 0, healthy in "), "\(result.stdout)")
        #expect(result.stdout.contains("us: applied 2, pruned 0, unchanged 0, healthy in "), "\(result.stdout)")
        let inEU = try await Self.namespaces(eu)
        let inUS = try await Self.namespaces(us)
        #expect(inEU.contains("shop-eu") && !inEU.contains("shop-us"))
        #expect(inUS.contains("shop-us") && !inUS.contains("shop-eu"))
        #expect(try sandbox.git("log", "-1", "--format=%(trailers:key=Cluster,valueonly)", "refs/ops/deploy/us").contains("git-ops-us"))
        await eu.stop()
        await us.stop()
    }

    @Test("a wrong CA, an unreachable server and a render error: one line naming it, non-zero exit, nothing applied or recorded")
    func badInput() async throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        var files = Self.environment("clusters/dev", Self.configMaps("bad", ["a"]))
        files[".gitops.yaml"] = "environments:\n  dev:\n    path: clusters/dev\n    cluster: git-ops-test\n  broken:\n    path: clusters/broken\n    cluster: git-ops-test\n"
        files["clusters/broken/kustomization.yaml"] = "resources:\n- missing.yaml\n"
        try sandbox.commit("first", files)
        let kubeconfig = sandbox.path("kubeconfig")
        let cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: kubeconfig)
        let other = try await LocalClusterHarness(data: sandbox.path("other"), kubeconfig: sandbox.path("other-kubeconfig"), context: "other")
        let credentials = try #require(cluster.server.credentials)
        var wrongCA = KubeconfigEntry(name: "wrong-ca", server: cluster.server.url)
        wrongCA.certificateAuthorityData = try #require(other.server.credentials.map { Array($0.authorityPEM.utf8) })
        wrongCA.clientCertificateData = Array(credentials.admin.certificatePEM.utf8)
        wrongCA.clientKeyData = Array(credentials.admin.privateKeyPEM.utf8)
        try Kubeconfig.write(wrongCA, to: kubeconfig)
        var unreachable = wrongCA
        unreachable.name = "unreachable"
        unreachable.server = "https://127.0.0.1:9"
        unreachable.certificateAuthorityData = Array(credentials.authorityPEM.utf8)
        try Kubeconfig.write(unreachable, to: kubeconfig)

        let cases: [(arguments: [String], says: [String])] = [
            (["sync", "dev", "--context", "wrong-ca"], ["certificate authority", "wrong-ca"]),
            (["sync", "dev", "--context", "unreachable"], ["127.0.0.1:9"]),
            (["sync", "broken"], ["missing.yaml"]),
        ]
        for (arguments, says) in cases {
            let result = try await CLIRunner.run(arguments, in: URL(fileURLWithPath: sandbox.path("repo")),
                                           environment: Self.identity.merging(["KUBECONFIG": kubeconfig]) { $1 })
            let label = arguments.joined(separator: " ")
            #expect(result.status != 0, "\(label) succeeded")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(label): \(result.stderr)")
            for word in says { #expect(result.stderr.lowercased().contains(word.lowercased()), "\(label) does not say '\(word)': \(result.stderr)") }
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"), "\(label) crashed")
            let recorded = try sandbox.git("for-each-ref", "--format=%(refname)", "refs/ops/deploy/")
            for reference in recorded.split(separator: "\n") {
                #expect(try sandbox.git("log", "--format=%(trailers:key=Result,valueonly)", String(reference)).contains("succeeded") == false,
                        "\(label) recorded a deployment")
            }
        }
        #expect(try await !Self.namespaces(cluster).contains("bad"), "something was applied")
        await cluster.stop()
        await other.stop()
    }

    @Test("diff and status exit 1 while the cluster differs from the branch, 0 once synced")
    func diffAndStatusExitCodes() async throws {
        let fixture = try await OneEnvironment(namespace: "codes", ["a"])
        let (sandbox, cluster) = (fixture.sandbox, fixture.cluster)
        func run(_ arguments: String...) async throws -> CLIRunner.Result { try await CLIRunner.run(arguments, in: fixture.repository, environment: fixture.environment) }

        let before = try await run("diff", "dev")
        #expect(before.status == 1, "\(before.stderr)")
        #expect(before.stdout.contains("+  name: a"), "\(before.stdout)")
        let neverSynced = try await run("status", "dev")
        #expect(neverSynced.status == 1, "\(neverSynced.stdout)\(neverSynced.stderr)")
        await #expect(try run("sync", "dev").status == 0)
        let same = try await run("diff", "dev")
        #expect(same.status == 0 && same.stdout.isEmpty, "\(same.stdout)\(same.stderr)")
        let synced = try await run("status", "dev")
        #expect(synced.status == 0, "\(synced.stdout)\(synced.stderr)")
        let json = try await run("status", "dev", "--output", "json")
        #expect(json.status == 0 && json.stdout.hasPrefix("["), "\(json.stdout)")

        // A new commit on the branch: behind, and a diff again.
        try sandbox.commit("second", ["clusters/dev/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: changed\n"])
        let behind = try await run("status", "dev")
        #expect(behind.status == 1, "\(behind.stdout)")
        #expect(behind.stdout.contains("behind"), "\(behind.stdout)")
        let changed = try await run("diff", "dev")
        #expect(changed.status == 1 && changed.stdout.contains("+  k: changed"), "\(changed.stdout)")
        let unwaited = try await run("sync", "dev", "--no-wait")
        #expect(unwaited.status == 0 && unwaited.stdout.contains("dev: applied 1, pruned 0, unchanged 1, done in "), "\(unwaited.stdout)")
        #expect(unwaited.stdout.contains(" without waiting for health ("))
        await cluster.stop()
    }

    @Test("a terminal sees the sync's progress redrawn on one line, then cleared; a pipe sees none")
    func progressOnTerminal() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            print("skipped: util-linux 'script' is not installed (needed for a terminal)")
            return
        }
        let fixture = try await OneEnvironment(namespace: "progress", ["a", "b"])
        let (cluster, repository, environment) = (fixture.cluster, fixture.repository, fixture.environment)
        let terminal = try await CLIRunner.run(["-qec", "'\(CLIRunner.binary.path)' sync dev", "/dev/null"], in: repository,
                                               executable: URL(fileURLWithPath: "/usr/bin/script"), environment: environment)
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("\r\u{1B}[Kdev: planning"), "\(terminal.stdout.debugDescription)")
        #expect(terminal.stdout.contains("\r\u{1B}[KNamespace/progress created"), "the line is not cleared before the report")
        #expect(terminal.stdout.contains("dev: applied 3, pruned 0"))
        let piped = try await CLIRunner.run(["sync", "dev"], in: repository, environment: environment)
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("\r") && !piped.stdout.contains("\r"))
        #expect(piped.stdout.hasPrefix("dev: applied 0, pruned 0, unchanged 3"), "\(piped.stdout)")
        await cluster.stop()
    }

    @Test("this machine's context for a cluster: git config ops.<env>.cluster, then GIT_OPS_CONTEXT, over .gitops.yaml")
    func machineLocalContext() async throws {
        let fixture = try await OneEnvironment(namespace: "local", ["a"], cluster: "gke-prod-eu")
        let (sandbox, cluster) = (fixture.sandbox, fixture.cluster)
        let named = try await fixture.run("sync", "dev")
        #expect(named.status == 128 && named.stderr.contains("'gke-prod-eu'"), "\(named.stderr)")
        try sandbox.git("config", "ops.dev.cluster", "git-ops-test")
        let configured = try await fixture.run("sync", "dev")
        #expect(configured.status == 0, "\(configured.stderr)")
        #expect(try sandbox.git("log", "-1", "--format=%(trailers:key=Cluster,valueonly)", "refs/ops/deploy/dev").trimmingCharacters(in: .whitespacesAndNewlines) == "git-ops-test")
        try sandbox.git("config", "ops.dev.cluster", "elsewhere")
        let overridden = try await fixture.run("status", "dev", environment: ["GIT_OPS_CONTEXT": "git-ops-test"])
        #expect(overridden.status == 0, "\(overridden.stdout)\(overridden.stderr)")
        await cluster.stop()
    }
}

