import Digests
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Git
import Kube
import Manifests
import State
import Testing
import TestSupport

/// `git ops agent` as a process against a bare repository (the remote) and a
/// local cluster over HTTPS: webhooks, intervals, drift, metrics, SIGTERM.
@Suite("git ops agent", .serialized)
struct AgentTests {
    static let secret = "It's a Secret to Everybody"

    /// A bare `remote.git` holding one environment `dev` (a ConfigMap), a clone to push
    /// from, a local cluster, and the agent following the remote.
    final class Fixture: @unchecked Sendable {
        let sandbox: Sandbox
        let cluster: LocalClusterHarness
        let environment: [String: String]
        var process: Process?
        var pipe: Pipe?
        let output = OutputBuffer()
        var port = 0

        init(interval: String, selfHeal: Bool, configuration extra: String = "", environment more: [String: String] = [:]) async throws {
            sandbox = try Sandbox()
            try sandbox.makeRepository("remote.git", bare: true)
            try sandbox.makeRepository()
            try sandbox.commit("first", [
                ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n    cluster: git-ops-test\n    interval: \(interval)\n    selfHeal: \(selfHeal)\n" + extra,
                "clusters/dev/app.yaml": AgentTests.configMap("blue"),
            ])
            try sandbox.git("push", "-q", "../remote.git", "HEAD:refs/heads/main")
            cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: sandbox.path("kubeconfig"))
            environment = SyncCommandTests.identity.merging([
                "KUBECONFIG": cluster.kubeconfig, "HOME": sandbox.path("home"), "GIT_OPS_GITHUB_SECRET": AgentTests.secret,
            ]) { $1 }.merging(more) { $1 }
        }

        /// An agent a failed test left running is stopped with its fixture.
        deinit {
            if let process, process.isRunning { process.terminate() }
        }

        /// A second agent on the same sandbox, remote and cluster.
        init(sharing other: Fixture) {
            sandbox = other.sandbox
            cluster = other.cluster
            environment = other.environment
        }

        /// Starts the agent on a free loopback port and waits until it listens.
        func start(_ extra: [String] = [], state: String = "state") async throws {
            let process = Process()
            process.executableURL = CLIRunner.binary
            process.arguments = ["agent", "--repo", sandbox.path("remote.git"), "--listen", "127.0.0.1:0",
                                 "--state-dir", sandbox.path(state)] + extra
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            let output = self.output
            pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
            try process.run()
            self.process = process
            self.pipe = pipe
            port = try await waitFor("listening port") {
                guard let range = output.text.range(of: "listening on http://127.0.0.1:") else { return nil }
                return Int(output.text[range.upperBound...].prefix { $0.isNumber })
            }
        }

        func stop() async -> Int32 {
            guard let process else { return 0 }
            if process.isRunning { process.terminate() }
            let status = await CLIRunnerWait.exitStatus(process)
            // What the process wrote last may still be in the pipe.
            if let handle = pipe?.fileHandleForReading {
                handle.readabilityHandler = nil
                output.append(handle.readDataToEndOfFile())
            }
            return status
        }

        func color() async throws -> String? {
            try await cluster.withClient { client in
                try await client.get(GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), name: "app", namespace: "default")?[path: ["data", "color"]]?.text
            }
        }

        /// Waits for the end of the agent's first sync of dev (recorded, its lease released;
        /// the ConfigMap changes before that) and gives the color it left in the cluster.
        func firstSync() async throws -> String? {
            _ = try await waitFor("the first sync") { output.text.contains("dev: synced ") ? true : nil }
            return try await color()
        }

        /// Polls `probe` every 50 ms until it gives a value, for at most 2 minutes.
        func waitFor<Value: Sendable>(_ what: String, _ probe: () async throws -> Value?) async throws -> Value {
            for _ in 0..<2400 {
                if let value = try await probe() { return value }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            throw SandboxError("timed out waiting for \(what); the agent said:\n\(output.text)")
        }

        func post(_ path: String, body: [UInt8], headers: [String: String]) async throws -> Int {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = "POST"
            request.httpBody = Data(body)
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }

        func get(_ path: String) async throws -> (Int, String) {
            let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }

        /// Changes the ConfigMap in the cluster as kubectl would, behind git's back.
        func changeInCluster(_ color: String) async throws {
            try await cluster.withClient { client in
                _ = try await client.apply(documents(AgentTests.configMap(color))[0], fieldManager: "kubectl", force: true)
            }
        }

        func push(_ color: String) throws {
            try sandbox.commit(color, ["clusters/dev/app.yaml": AgentTests.configMap(color)])
            try sandbox.git("push", "-q", "../remote.git", "HEAD:refs/heads/main")
        }
    }

    static func configMap(_ color: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\ndata:\n  color: \(color)\n"
    }

    static func signature(_ body: [UInt8], secret: String = AgentTests.secret) -> String {
        "sha256=" + SHA256.hex(SHA256.hmac(key: Array(secret.utf8), message: body)!)
    }

    /// The samples of the Prometheus text format: `name{labels}` → value.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    @Test("syncs the first commit, then a pushed one as soon as a signed webhook says so; refuses unsigned and oversized deliveries")
    func webhook() async throws {
        let fixture = try await Fixture(interval: "1h", selfHeal: false)
        try await fixture.start()
        #expect(try await fixture.firstSync() == "blue")
        let (ready, _) = try await fixture.waitFor("readiness") { () -> (Int, String)? in
            let answer = try await fixture.get("/readyz")
            return answer.0 == 200 ? answer : nil
        }
        #expect(ready == 200)

        try fixture.push("green")
        let body = Array(#"{"ref":"refs/heads/main"}"#.utf8)
        #expect(try await fixture.post("/hooks/github", body: body, headers: ["X-Hub-Signature-256": "sha256=" + String(repeating: "0", count: 64)]) == 401)
        #expect(try await fixture.post("/hooks/github", body: body, headers: [:]) == 401)
        #expect(try await fixture.post("/hooks/gitlab", body: body, headers: ["X-Gitlab-Token": "guess"]) == 401)
        #expect(try await fixture.post("/hooks/github", body: Array(repeating: 0x20, count: 6 * 1024 * 1024),
                                        headers: ["X-Hub-Signature-256": "sha256=00"]) == 413)
        // Refused deliveries change nothing: with an hour's interval the cluster stays blue.
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(try await fixture.color() == "blue")

        #expect(try await fixture.post("/hooks/github", body: body, headers: ["X-Hub-Signature-256": Self.signature(body)]) == 202)
        #expect(try await fixture.waitFor("the webhook's sync") { try await fixture.color() == "green" ? true : nil })

        // The objects are applied before the sync is recorded and counted: wait for the count.
        let metrics = try await fixture.waitFor("the second sync to be counted") { () -> String? in
            let (status, text) = try await fixture.get("/metrics")
            return status == 200 && Self.samples(text)[#"gitops_sync_total{kind="Environment",name="dev",namespace="remote",result="succeeded"}"#] == 2
                ? text : nil
        }
        let samples = Self.samples(metrics)
        #expect(samples[#"gotk_reconcile_condition{kind="Environment",name="dev",namespace="remote",type="Ready",status="True"}"#] == 1)
        #expect(samples[#"gitops_webhook_deliveries_total{provider="github",accepted="false"}"#] == 2)
        #expect(samples[#"gitops_webhook_deliveries_total{provider="github",accepted="true"}"#] == 1)
        #expect(samples[#"gotk_reconcile_duration_seconds_count{kind="Environment",name="dev",namespace="remote"}"#] == 2)
        #expect(samples[#"gitops_render_duration_seconds_count{kind="Environment",name="dev",namespace="remote"}"#] == 2)

        let (_, page) = try await fixture.get("/")
        #expect(page.contains("<b>dev</b>") && page.contains("green") && page.contains("class=good>healthy"), "\(page)")
        // Both syncs are recorded as git ops sync records them, and pushed back to the remote.
        let records = try fixture.sandbox.git("log", "--format=%s", "refs/ops/deploy/dev", in: "remote.git")
        #expect(records.split(separator: "\n").filter { $0.hasSuffix(": succeeded") }.count == 2, "\(records)")
        #expect(await fixture.stop() == 0)
        #expect(fixture.output.text.contains("git-ops agent: stopped"), "\(fixture.output.text)")
        // No lease outlives the agent.
        #expect((try? fixture.sandbox.git("rev-parse", "--verify", "-q", "refs/ops/lock/dev", in: "state/repository.git")) == nil)
    }

    @Test("sends Flux-shaped events to the providers of .gitops.yaml, signed for generic-hmac; a receiver that is down delays nothing")
    func notifications() async throws {
        let receiver = try WebhookReceiver()
        let slack = try WebhookReceiver()
        // A port nothing listens on: its deliveries fail and are retried on their own.
        let down = try WebhookReceiver()
        let downPort = down.port
        _ = consume down
        let configuration = """
            notifications:
            - name: down
              type: generic
              address: http://127.0.0.1:\(downPort)/
            - name: hmac
              type: generic-hmac
              address: http://127.0.0.1:\(receiver.port)/events
              secretEnv: NOTIFY_KEY
            - name: chat
              type: slack
              addressEnv: SLACK_URL
              channel: deploys

            """
        let fixture = try await Fixture(interval: "1h", selfHeal: false, configuration: configuration,
                                        environment: ["NOTIFY_KEY": "k3y", "SLACK_URL": "http://127.0.0.1:\(slack.port)/hook"])
        try await fixture.start()
        #expect(try await fixture.firstSync() == "blue")
        let request = try #require(await receiver.request(within: 120), "no event reached the receiver: \(fixture.output.text)")
        let head = request.head.lowercased()
        #expect(request.head.hasPrefix("POST /events HTTP/1.1"), "\(request.head)")
        #expect(head.contains("gotk-component: git-ops-agent"))
        let body = Array(request.body.utf8)
        #expect(head.contains("x-signature: " + Self.signature(body, secret: "k3y")), "\(request.head)")
        let event = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(event["reason"] as? String == "ReconciliationSucceeded")
        #expect(event["severity"] as? String == "info")
        #expect((event["involvedObject"] as? [String: Any])?["name"] as? String == "dev")
        #expect(((event["metadata"] as? [String: Any])?["revision"] as? String)?.hasPrefix("main@sha1:") == true)
        let chat = try #require(await slack.request(within: 120))
        #expect(chat.body.contains(#""channel":"deploys""#) && chat.body.contains(#""color":"good""#), "\(chat.body)")
        // The agent stays ready and quick while the dead receiver's retries run.
        #expect(try await fixture.get("/healthz").0 == 200)
        #expect(await fixture.stop() == 0)
    }

    @Test("two agents on one environment: one leads and syncs each commit once; when it stops, the other carries on")
    func twoAgents() async throws {
        let first = try await Fixture(interval: "1h", selfHeal: false)
        try await first.start(state: "state-a")
        #expect(try await first.firstSync() == "blue")
        // A second agent on the same remote and cluster, with a clone of its own.
        let second = Fixture(sharing: first)
        try await second.start(state: "state-b")
        _ = try await second.waitFor("the second agent's first check") { () -> Bool? in
            try await second.get("/readyz").0 == 200 ? true : nil
        }
        try first.push("green")
        let body = Array(#"{"ref":"refs/heads/main"}"#.utf8)
        for agent in [first, second] {
            #expect(try await agent.post("/hooks/github", body: body, headers: ["X-Hub-Signature-256": Self.signature(body)]) == 202)
        }
        #expect(try await first.waitFor("green") { try await first.color() == "green" ? true : nil })
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let (_, page) = try await second.get("/")
        #expect(page.contains("standby"), "\(page)")
        #expect(await first.stop() == 0)
        // The stopped agent gave its Lease up: the second takes over and deploys the next commit.
        try first.push("purple")
        _ = try await second.waitFor("the second agent to lead") { second.output.text.contains("dev: leading") ? true : nil }
        #expect(try await second.post("/hooks/github", body: body, headers: ["X-Hub-Signature-256": Self.signature(body)]) == 202)
        #expect(try await second.waitFor("purple") { try await second.color() == "purple" ? true : nil })
        let remoteLog = { try second.sandbox.git("log", "--format=%s", "refs/ops/deploy/dev", in: "remote.git") }
        _ = try await second.waitFor("the records on the remote: \((try? remoteLog()) ?? "")") { () -> Bool? in
            try remoteLog().split(separator: "\n").filter { $0.hasSuffix(": succeeded") }.count == 3 ? true : nil
        }
        // Each commit deployed exactly once (a pending record, then its result), by whichever
        // agent led, in one history on the remote.
        let finished = try remoteLog().split(separator: "\n").filter { !$0.hasSuffix(": pending") }
        #expect(finished.count == 3 && Set(finished).count == 3, "\(finished)")
        #expect(await second.stop() == 0)
        #expect(first.output.text.components(separatedBy: "dev: synced").count - 1 == 2, "\(first.output.text)")
        #expect(second.output.text.components(separatedBy: "dev: synced").count - 1 == 1, "\(second.output.text)")
    }

    /// The path of `tool` on PATH, or nil.
    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A loopback port free now.
    static func freePort() throws -> Int {
        let receiver = try WebhookReceiver()
        return Int(receiver.port)
    }

    @Test("Debian's prometheus scrapes the agent, and every query of the shipped dashboard returns data")
    func prometheus() async throws {
        guard let prometheus = Self.which("prometheus") else {
            print("skipped: prometheus is not installed (apt-get install prometheus)")
            return
        }
        let fixture = try await Fixture(interval: "1s", selfHeal: false)
        try await fixture.start()
        #expect(try await fixture.firstSync() == "blue")
        let body = Array("{}".utf8)
        #expect(try await fixture.post("/hooks/github", body: body, headers: ["X-Hub-Signature-256": Self.signature(body)]) == 202)
        let port = try Self.freePort()
        try fixture.sandbox.write("prometheus/prometheus.yml", """
            global:
              scrape_interval: 1s
            scrape_configs:
            - job_name: git-ops-agent
              static_configs:
              - targets: ["127.0.0.1:\(fixture.port)"]

            """)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: prometheus)
        server.arguments = ["--config.file=" + fixture.sandbox.path("prometheus/prometheus.yml"),
                            "--storage.tsdb.path=" + fixture.sandbox.path("prometheus/data"),
                            "--web.listen-address=127.0.0.1:\(port)"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate() }
        let dashboard = try JSONSerialization.jsonObject(with: Data(contentsOf: CLIRunner.packageRoot.appendingPathComponent("share/git-ops/grafana/git-ops-agent.json"))) as? [String: Any]
        let expressions = ((dashboard?["panels"] as? [[String: Any]]) ?? []).flatMap { panel in
            ((panel["targets"] as? [[String: Any]]) ?? []).compactMap { $0["expr"] as? String }
        }
        #expect(expressions.count >= 10)
        for expression in expressions {
            let query = expression.replacingOccurrences(of: "$__rate_interval", with: "1m").replacingOccurrences(of: "$repository", with: ".*")
            var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query")!
            components.queryItems = [URLQueryItem(name: "query", value: query)]
            let answered = try await fixture.waitFor("data for \(query)") { () -> Bool? in
                guard let (data, _) = try? await URLSession.shared.data(from: components.url!),
                      let answer = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let result = (answer["data"] as? [String: Any])?["result"] as? [Any] else { return nil }
                return result.isEmpty ? nil : true
            }
            #expect(answered)
        }
        #expect(await fixture.stop() == 0)
    }

    @Test("the status page in headless Chromium shows each environment's deployed commit and health")
    func statusPageInChromium() async throws {
        guard let chromium = Self.which("chromium") ?? Self.which("chromium-browser") else {
            print("skipped: chromium is not installed (apt-get install chromium)")
            return
        }
        let fixture = try await Fixture(interval: "1h", selfHeal: false)
        try await fixture.start()
        #expect(try await fixture.firstSync() == "blue")
        let commit = try fixture.sandbox.git("rev-parse", "--short=7", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await fixture.waitFor("the page to show the deployment") { () -> Bool? in
            try await fixture.get("/").1.contains(commit) ? true : nil
        }
        let url = "http://127.0.0.1:\(fixture.port)/"
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + fixture.sandbox.path("chromium")]
        let dom = try await CLIRunner.run(flags + ["--dump-dom", url], executable: URL(fileURLWithPath: chromium))
        #expect(dom.status == 0, "\(dom.stderr)")
        #expect(dom.stdout.contains("<b>dev</b>") && dom.stdout.contains("<code>\(commit)</code>") && dom.stdout.contains("healthy"), "\(dom.stdout)")
        let screenshot = fixture.sandbox.path("status.png")
        let shot = try await CLIRunner.run(flags + ["--screenshot=" + screenshot, "--window-size=1200,600", url], executable: URL(fileURLWithPath: chromium))
        #expect(shot.status == 0, "\(shot.stderr)")
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(png.count > 5_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(png.count) bytes")
        #expect(await fixture.stop() == 0)
    }

    /// Starts the agent, waits for its first sync, then pushes a commit of
    /// 300 objects (a sync that takes a while) with its webhook and returns
    /// once its pending record is in the agent's clone: the commit, and the clone.
    static func syncInProgress(_ fixture: Fixture) async throws -> (commit: String, clone: String) {
        try await fixture.start()
        #expect(try await fixture.firstSync() == "blue")
        var files: [String: String] = [:]
        for index in 0..<300 {
            files["clusters/dev/many-\(index).yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many-\(index)\n  namespace: default\ndata:\n  k: v\n"
        }
        try fixture.sandbox.commit("many", files)
        let commit = try fixture.sandbox.git("rev-parse", "--short=7", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try fixture.sandbox.git("push", "-q", "../remote.git", "HEAD:refs/heads/main")
        let body = Array("{}".utf8)
        #expect(try await fixture.post("/hooks/github", body: body, headers: ["X-Hub-Signature-256": signature(body)]) == 202)
        let clone = "state/repository.git"
        _ = try await fixture.waitFor("the pending record") { () -> Bool? in
            let subject = try? fixture.sandbox.git("log", "-1", "--format=%s", "refs/ops/deploy/dev", in: clone)
            return subject?.contains(": pending") == true ? true : nil
        }
        return (commit, clone)
    }

    @Test("SIGTERM during a sync lets it finish and record, holds no lease; a restarted agent carries on")
    func terminatedDuringSync() async throws {
        let fixture = try await Fixture(interval: "1h", selfHeal: false)
        let (many, clone) = try await Self.syncInProgress(fixture)
        #expect(await fixture.stop() == 0)
        let latest = try fixture.sandbox.git("log", "-1", "--format=%s", "refs/ops/deploy/dev", in: clone)
        #expect(latest.contains(": succeeded"), "\(latest)\n\(fixture.output.text)")
        #expect((try? fixture.sandbox.git("rev-parse", "--verify", "-q", "refs/ops/lock/dev", in: clone)) == nil)
        // Started again, it deploys the next commit on top of that history.
        try fixture.push("teal")
        let again = Fixture(sharing: fixture)
        try await again.start()
        #expect(try await again.waitFor("teal") { try await again.color() == "teal" ? true : nil })
        // Its status page lists the deployments the first agent made, read from the records.
        let page = try await again.get("/").1
        #expect(page.contains("<td><code>\(many)</code></td><td>succeeded</td>"), "\(page)")
        #expect(await again.stop() == 0)
        let subjects = try fixture.sandbox.git("log", "--format=%s", "refs/ops/deploy/dev", in: "remote.git")
        #expect(subjects.split(separator: "\n").filter { $0.hasSuffix(": succeeded") }.count == 3, "\(subjects)")
    }

    @Test("SIGKILL during a sync loses nothing a restarted agent cannot recover: it deploys the next commit on that history")
    func killedDuringSync() async throws {
        let fixture = try await Fixture(interval: "1h", selfHeal: false)
        let (many, clone) = try await Self.syncInProgress(fixture)
        let process = try #require(fixture.process)
        kill(process.processIdentifier, SIGKILL)
        #expect(await fixture.stop() == SIGKILL)
        // Killed mid-sync: the pending record and the sync's lock stay behind.
        #expect(try fixture.sandbox.git("log", "-1", "--format=%s", "refs/ops/deploy/dev", in: clone).contains(": pending"))

        try fixture.push("teal")
        let again = Fixture(sharing: fixture)
        try await again.start()
        #expect(try await again.waitFor("teal") { try await again.color() == "teal" ? true : nil })
        let teal = try fixture.sandbox.git("rev-parse", "--short=7", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let records = try await again.waitFor("the records on the remote") { () -> String? in
            let subjects = try? fixture.sandbox.git("log", "--format=%s", "refs/ops/deploy/dev", in: "remote.git")
            return subjects?.split(separator: "\n").first?.hasSuffix("\(teal): succeeded") == true ? subjects : nil
        }
        #expect(await again.stop() == 0)
        // The killed sync stays in the history, pending, between the two that succeeded (each pending, then succeeded).
        let subjects = records.split(separator: "\n").map(String.init)
        let ends = [": succeeded", ": pending", "\(many): pending", ": succeeded", ": pending"]
        #expect(subjects.count == ends.count && zip(subjects, ends).allSatisfy { $0.hasSuffix($1) }, "\(subjects)")
        #expect((try? fixture.sandbox.git("rev-parse", "--verify", "-q", "refs/ops/lock/dev", in: clone)) == nil)
    }

    @Test("a lease the agent itself left behind (its release failed) is released after the sync it stops, not held until it expires")
    func ownLeftoverLease() async throws {
        let fixture = try await Fixture(interval: "1h", selfHeal: false)
        try await fixture.start()
        #expect(try await fixture.firstSync() == "blue")
        // What a release that met the reference locked leaves: a live lease held by the agent's process.
        let pid = try #require(fixture.process?.processIdentifier)
        let holder = Lease.currentHolder().replacingOccurrences(of: "pid \(ProcessInfo.processInfo.processIdentifier)", with: "pid \(pid)")
        let clone = try Repository(at: fixture.sandbox.path("state/repository.git"))
        _ = try Lease.take(in: clone, environment: try EnvironmentRefs("dev"), holder: holder, duration: 600, now: UTCTime.now())
        try fixture.push("teal")
        let body = Array("{}".utf8)
        #expect(try await fixture.post("/hooks/github", body: body, headers: ["X-Hub-Signature-256": Self.signature(body)]) == 202)
        #expect(try await fixture.waitFor("teal") { try await fixture.color() == "teal" ? true : nil })
        #expect(fixture.output.text.contains("released the lease this agent's last sync left behind"), "\(fixture.output.text)")
        #expect(await fixture.stop() == 0)
    }

    @Test("records the remote would not take are pushed again soon, not an interval later")
    func recordsPushedAgain() async throws {
        let fixture = try await Fixture(interval: "1h", selfHeal: false)
        // Another push holds the remote's history of dev, as when many environments push at once.
        let lock = fixture.sandbox.path("remote.git/refs/ops/deploy/dev.lock")
        try FileManager.default.createDirectory(atPath: fixture.sandbox.path("remote.git/refs/ops/deploy"), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: lock, contents: Data()))
        try await fixture.start()
        #expect(try await fixture.firstSync() == "blue")
        _ = try await fixture.waitFor("the refused push") { fixture.output.text.contains("records not pushed") ? true : nil }
        #expect((try? fixture.sandbox.git("rev-parse", "--verify", "-q", "refs/ops/deploy/dev", in: "remote.git")) == nil)
        try FileManager.default.removeItem(atPath: lock)
        let records = try await fixture.waitFor("the records on the remote") { () -> String? in
            try? fixture.sandbox.git("log", "--format=%s", "refs/ops/deploy/dev", in: "remote.git")
        }
        #expect(records.split(separator: "\n").filter { $0.hasSuffix(": succeeded") }.count == 1, "\(records)")
        #expect(await fixture.stop() == 0)
    }

    @Test("heals drift within the interval when selfHeal is on")
    func selfHeal() async throws {
        let fixture = try await Fixture(interval: "1s", selfHeal: true)
        try await fixture.start()
        #expect(try await fixture.firstSync() == "blue")
        try await fixture.changeInCluster("red")
        #expect(try await fixture.waitFor("the drift to be healed") { try await fixture.color() == "blue" ? true : nil })
        #expect(await fixture.stop() == 0)
        #expect(fixture.output.text.contains("again (drift healed)"), "\(fixture.output.text)")
    }

    @Test("only reports drift when selfHeal is off; syncs a push without a webhook at the interval")
    func driftReported() async throws {
        let fixture = try await Fixture(interval: "1s", selfHeal: false)
        try await fixture.start()
        #expect(try await fixture.firstSync() == "blue")
        try await fixture.changeInCluster("red")
        let drifted = try await fixture.waitFor("the drift metric") { () -> Double? in
            let value = Self.samples(try await fixture.get("/metrics").1)[#"gitops_drifted_objects{kind="Environment",name="dev",namespace="remote"}"#]
            return value == 1 ? value : nil
        }
        #expect(drifted == 1)
        #expect(try await fixture.color() == "red")
        // A push with no webhook is synced at the next interval.
        try fixture.push("green")
        #expect(try await fixture.waitFor("the interval's sync") { try await fixture.color() == "green" ? true : nil })
        #expect(await fixture.stop() == 0)
        #expect(fixture.output.text.contains("dev: 1 object drifted from the deployment (selfHeal is off)"), "\(fixture.output.text)")
    }
}

func documents(_ text: String) -> [Node] {
    (try? YAMLParser(source: "test").parse(text)) ?? []
}

/// Bytes a child process writes, collected as they come.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) {
        lock.lock()
        data.append(more)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

enum CLIRunnerWait {
    /// Waits for `process` to end without holding a cooperative thread.
    static func exitStatus(_ process: Process) async -> Int32 {
        (try? await CLIRunner.offThread {
            process.waitUntilExit()
            return process.terminationStatus
        }) ?? -1
    }
}
