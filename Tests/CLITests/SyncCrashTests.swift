import Foundation
import Kube
import Manifests
import Plan
import Testing
import TestSupport

/// `git ops sync` killed with SIGKILL at random moments, then run again: the
/// write-ahead record and the lease takeover must leave nothing the next sync
/// does not know it owns.
@Suite("git ops sync: crash safety", .serialized)
struct SyncCrashTests {
    /// Two revisions of one environment that differ in every way a sync can act
    /// on: objects only in the first (pruned going to the second), only in the
    /// second (created), and in both with other content (configured).
    static func files(first: Bool) -> [String: String] {
        let names = first ? (1...6).map { "a-\($0)" } : (4...6).map { "a-\($0)" } + (1...4).map { "b-\($0)" }
        var files = [
            ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n    cluster: git-ops-test\n    timeout: 30s\n",
            "clusters/dev/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: crash\n",
            "clusters/dev/web.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: \(first ? 1 : 2)
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: nginx:\(first ? "1.27" : "1.28")

                """,
        ]
        var resources = ["namespace.yaml", "web.yaml"]
        for name in names {
            files["clusters/dev/\(name).yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\ndata:\n  revision: \(first ? "one" : "two")\n"
            resources.append("\(name).yaml")
        }
        files["clusters/dev/kustomization.yaml"] = "namespace: crash\nresources:\n" + resources.map { "- \($0)\n" }.joined()
        return files
    }

    /// The paths of the deployment tree (and so of the live, labelled objects) a revision declares.
    static func inventory(first: Bool) -> Set<String> {
        let names = first ? (1...6).map { "a-\($0)" } : (4...6).map { "a-\($0)" } + (1...4).map { "b-\($0)" }
        return Set(names.map { "crash/core/ConfigMap/\($0).yaml" } + ["crash/apps/Deployment/web.yaml", "_cluster/core/Namespace/crash.yaml"])
    }

    @Test("SIGKILL at 24 random moments of a sync (to the other revision), each followed by a full sync: converges, the inventory is exact, nothing is orphaned")
    func killedAtRandom() async throws {
        let sandbox = try Sandbox()
        try sandbox.makeRepository()
        let first = try sandbox.commit("first", Self.files(first: true))
        // The second commit deletes the first's a-1 to a-3.
        for name in ["a-1", "a-2", "a-3"] { try sandbox.git("rm", "-q", "clusters/dev/\(name).yaml") }
        let second = try sandbox.commit("second", Self.files(first: false))
        let cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: sandbox.path("kubeconfig"))
        defer { Task { await cluster.stop() } }
        let repository = URL(fileURLWithPath: sandbox.path("repo"))
        let environment = ["GIT_COMMITTER_NAME": "Cy Committer", "GIT_COMMITTER_EMAIL": "cy@example.com",
                           "GIT_AUTHOR_NAME": "Cy Committer", "GIT_AUTHOR_EMAIL": "cy@example.com"]
        func sync(_ revision: String) async throws -> CLIRunner.Result {
            try await CLIRunner.run(["sync", "dev", "--rev", revision, "--kubeconfig", cluster.kubeconfig], in: repository, environment: environment)
        }

        // A person's object in the same namespace, which no sync may touch.
        let synced = try await sync(first)
        #expect(synced.status == 0, "\(synced.stderr)")
        let handmade = try #require(try YAMLParser(source: "handmade").parse(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: handmade\n  namespace: crash\ndata:\n  who: a person\n").first)
        _ = try await cluster.withClient { try await $0.apply(handmade, fieldManager: "kubectl") }

        // How long a whole sync takes here, so the kills land throughout one.
        let started = ContinuousClock.now
        let full = try await sync(second)
        #expect(full.status == 0, "\(full.stderr)")
        var span = max(ContinuousClock.now - started, .milliseconds(200))

        var generator = SystemRandomNumberGenerator()
        var trials: [String] = []
        var atFirst = false
        var killedCount = 0
        // Until 24 syncs were killed mid-way; a kill that comes after the sync finished still checks the next sync.
        for trial in 0..<150 where killedCount < 24 {
            // The killed sync always has work to do: it goes to the other revision.
            let killed = atFirst ? second : first
            let delay = span * Double.random(in: 0...1, using: &generator)
            let process = Process()
            process.executableURL = CLIRunner.binary
            process.arguments = ["sync", "dev", "--rev", killed, "--kubeconfig", cluster.kubeconfig]
            process.currentDirectoryURL = repository
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let wasKilled = process.terminationReason == .uncaughtSignal
            if wasKilled { killedCount += 1 } else { span = max(span * 0.8, .milliseconds(50)) }  // syncs run faster than the first
            trials.append("trial \(trial): killed after \(delay) (\(wasKilled ? "killed" : "had finished"))")

            // The next sync goes to either revision; it must converge on exactly that one.
            let target = Bool.random(using: &generator)
            atFirst = target
            let after = try await sync(target ? first : second)
            #expect(after.status == 0, "\(trials.last!): \(after.stderr)")
            let expected = Self.inventory(first: target)
            let recorded = try sandbox.git("ls-tree", "-r", "--name-only", "refs/ops/deploy/dev")
                .split(separator: "\n").map(String.init)
            #expect(Set(recorded) == expected, "\(trials.last!): the inventory differs")
            #expect(try sandbox.git("log", "-1", "--format=%(trailers:key=Result,valueonly)", "refs/ops/deploy/dev")
                .trimmingCharacters(in: .whitespacesAndNewlines) == "succeeded")

            // Live: every object labelled with the environment's ApplySet is declared, and every declared one is there.
            let live = try await cluster.withClient { client in
                var paths: Set<String> = []
                for (apiVersion, kind, group) in [("v1", "ConfigMap", "core"), ("apps/v1", "Deployment", "apps"), ("v1", "Namespace", "core")] {
                    let list = try await client.list(GroupVersionKind(apiVersion: apiVersion, kind: kind), labelSelector: ApplySet.partOfLabel)
                    for item in list.items {
                        let namespace = item[path: ["metadata", "namespace"]]?.text ?? "_cluster"
                        paths.insert("\(namespace.isEmpty ? "_cluster" : namespace)/\(group)/\(kind)/\(item[path: ["metadata", "name"]]?.text ?? "").yaml")
                    }
                }
                return paths
            }
            #expect(live == expected, "\(trials.last!): live objects of the ApplySet differ: \(live.symmetricDifference(expected).sorted())")
            let person = try await cluster.withClient {
                try await $0.get(GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), name: "handmade", namespace: "crash")
            }
            #expect(person?[path: ["data", "who"]]?.text == "a person", "\(trials.last!): the person's ConfigMap was touched")
            let content = try await cluster.withClient {
                try await $0.get(GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), name: "a-5", namespace: "crash")
            }
            #expect(content?[path: ["data", "revision"]]?.text == (target ? "one" : "two"))
        }
        #expect(killedCount == 24, "only \(killedCount) of \(trials.count) syncs were killed mid-way:\n\(trials.joined(separator: "\n"))")
    }
}
