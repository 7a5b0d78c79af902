import Foundation
import Manifests
import TestSupport
import Testing

/// `git ops sync --push` with the real binary, against an in-process local cluster and a bare remote.
@Suite("git ops sync --push", .serialized, .timeLimit(.minutes(3)))
struct SyncPushTests {
    static func files(namespace: String) -> [String: String] {
        [
            ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n    cluster: git-ops-test\n    timeout: 20s\n",
            "clusters/dev/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n",
            "clusters/dev/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: \(namespace)\ndata:\n  a: b\n",
        ]
    }

    /// Runs the binary in the sandbox's `repo` with the cluster's kubeconfig and a fixed identity.
    static func gitOps(_ arguments: [String], _ sandbox: Sandbox, _ cluster: LocalClusterHarness) async throws -> CLIRunner.Result {
        try await CLIRunner.run(arguments + ["--kubeconfig", cluster.kubeconfig], in: URL(fileURLWithPath: sandbox.path("repo")),
                          environment: ["GIT_CONFIG_NOSYSTEM": "1", "GIT_COMMITTER_NAME": "Cy Committer",
                                        "GIT_COMMITTER_EMAIL": "cy@example.com", "GIT_AUTHOR_NAME": "Ada Author",
                                        "GIT_AUTHOR_EMAIL": "ada@example.com"])
    }

    @Test("--push and ops.push put the records on the remote, rollback's pin too; --no-push and --dry-run do not push")
    func push() async throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository("remote.git", bare: true)
        try sandbox.makeRepository()
        try sandbox.commit("first", Self.files(namespace: "pushed"))
        try sandbox.git("remote", "add", "origin", "../remote.git")
        try sandbox.git("push", "-q", "origin", "main")
        let cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: sandbox.path("kubeconfig"))
        defer { Task { await cluster.stop() } }

        let first = try await Self.gitOps(["sync", "dev", "--push"], sandbox, cluster)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasSuffix("\npushed records of dev to origin\n"), "\(first.stdout)")
        let local = try sandbox.git("rev-parse", "refs/ops/deploy/dev")
        #expect(try sandbox.git("ls-remote", "remote.git", "refs/ops/deploy/dev", in: "").hasPrefix(local))
        #expect(try sandbox.git("ls-remote", "remote.git", "refs/notes/ops", in: "").hasPrefix(try sandbox.git("rev-parse", "refs/notes/ops")))

        let usage = try await Self.gitOps(["sync", "dev", "--push", "--dry-run"], sandbox, cluster)
        #expect(usage.status == 64 && usage.stderr.contains("--push has nothing to push with --dry-run"), "\(usage.stderr)")

        try sandbox.git("config", "ops.push", "true")
        try sandbox.commit("more", ["clusters/dev/cm.yaml": Self.files(namespace: "pushed")["clusters/dev/cm.yaml", default: ""] + "  c: d\n"])
        let configured = try await Self.gitOps(["sync", "dev", "--output", "json"], sandbox, cluster)
        #expect(configured.status == 0, "\(configured.stderr)")
        let report = try #require(try JSON.parse(configured.stdout).sequence?.first)
        #expect(report["pushed"]?.text == "true" && report["remote"]?.string == "origin", "\(configured.stdout)")
        #expect(try sandbox.git("ls-remote", "remote.git", "refs/ops/deploy/dev", in: "").hasPrefix(try sandbox.git("rev-parse", "refs/ops/deploy/dev")))

        let remoteBefore = try sandbox.git("ls-remote", "remote.git", "refs/ops/deploy/dev", in: "")
        let unpushed = try await Self.gitOps(["sync", "dev", "--no-push", "--output", "json"], sandbox, cluster)
        #expect(unpushed.status == 0, "\(unpushed.stderr)")
        #expect(try #require(try JSON.parse(unpushed.stdout).sequence?.first)["pushed"] == nil)
        #expect(try sandbox.git("ls-remote", "remote.git", "refs/ops/deploy/dev", in: "") == remoteBefore)
        #expect(try sandbox.git("rev-parse", "refs/ops/deploy/dev") != String(remoteBefore.prefix(40)))

        // A rollback pins the environment there too; the next explicit sync lifts the pin there too.
        let rollback = try await Self.gitOps(["rollback", "dev"], sandbox, cluster)
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(rollback.stdout.contains("pushed records of dev to origin"), "\(rollback.stdout)")
        let pin = try sandbox.git("rev-parse", "refs/ops/pin/dev")
        #expect(try sandbox.git("ls-remote", "remote.git", "refs/ops/pin/dev", in: "").hasPrefix(pin))
        #expect(try sandbox.git("ls-remote", "remote.git", "refs/ops/deploy/dev", in: "").hasPrefix(try sandbox.git("rev-parse", "refs/ops/deploy/dev")))
        let lifting = try await Self.gitOps(["sync", "dev"], sandbox, cluster)
        #expect(lifting.status == 0, "\(lifting.stderr)")
        #expect(try sandbox.git("ls-remote", "remote.git", "refs/ops/pin/dev", in: "").isEmpty)
        #expect(try sandbox.git("ls-remote", "remote.git", "refs/ops/lock/*", in: "").isEmpty)
    }

    @Test("with no remote the sync is recorded, and the push failure says so and exits 128")
    func noRemote() async throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        try sandbox.commit("first", Self.files(namespace: "unpushed"))
        let cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: sandbox.path("kubeconfig"))
        defer { Task { await cluster.stop() } }
        let result = try await Self.gitOps(["sync", "dev", "--push"], sandbox, cluster)
        #expect(result.status == 128)
        #expect(result.stdout.contains("dev: applied 2, pruned 0, unchanged 0, healthy in"), "\(result.stdout)")
        #expect(result.stderr == "error: dev was synced and recorded here, but its records were not pushed: "
            + "this repository has no remote to push the records to; add one with 'git remote add origin <url>'\n")
        #expect(try sandbox.git("log", "--format=%(trailers:key=Result,valueonly)", "refs/ops/deploy/dev").contains("succeeded"))
    }
}
