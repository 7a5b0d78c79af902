import Digests
import Executors
import Foundation
import Git
import Kube
import Reconcile
import State

/// `git ops agent`: keeps every environment's cluster equal to its branch.
/// One worker per environment fetches the repository (shared), reads
/// `.gitops.yaml` from it, syncs a new commit on the branch through the same
/// reconciler as `git ops sync` (recorded the same way, and pushed back),
/// checks drift every interval and re-applies the deployment where `selfHeal`
/// is on; failures back off exponentially with jitter, alone. A webhook
/// wakes every worker at once.
package final class Agent: Sendable {
    package let options: AgentOptions
    package let state = AgentState()
    package let metrics: AgentMetrics
    let mirror: Mirror
    let gate: Gate
    let wakeups = WakeupTable()
    /// Set by `stop()`: workers finish what they are doing and end.
    let stopping = StopSignal()
    let supervisor = Wakeup()
    let notifier: Notifier
    /// One push of records at a time.
    let publishing = Gate(limit: 1)
    /// One client per cluster, kept across checks and syncs.
    let clients = KubeClientCache()

    package init(options: AgentOptions) {
        self.options = options
        mirror = Mirror(source: options.repository, stateDirectory: options.stateDirectory, environment: options.environment)
        var name = (options.repository as NSString).lastPathComponent
        if name.hasSuffix(".git") { name = String(name.dropLast(4)) }
        metrics = AgentMetrics(repository: name)
        gate = Gate(limit: options.concurrency)
        notifier = Notifier(repository: name, environment: options.environment, log: options.log)
    }

    /// Asks every worker to end once its current check (and sync) is over:
    /// a sync in progress finishes and is recorded, and its lease released.
    package func stop() async {
        await stopping.set()
        await supervisor.wake()
        await wakeups.wakeAll()
    }

    /// The threads the agent fetches, renders, plans and records on: that blocking work
    /// leaves Swift's cooperative pool to `/healthz`, webhooks, metrics and Lease renewals,
    /// which a kubelet's probe (1 s by default) or a rival agent would otherwise find late.
    static let workExecutor = DedicatedExecutor(name: "agent-work", threads: DedicatedExecutor.processorCount)

    /// Clones when needed, then runs the workers until `stop()`.
    package func run() async throws {
        try await withTaskExecutorPreference(Self.workExecutor) { try await supervise() }
    }

    private func supervise() async throws {
        try await mirror.prepare()
        try await fetch()
        await withTaskGroup(of: Void.self) { group in
            var running: [String: Task<Void, Never>] = [:]
            var first = true
            var lastProblem = ""
            var checksAtMaintenance = 0
            var lastMaintenance = ContinuousClock.now
            while !(await stopping.isSet) {
                var names = Array(running.keys)
                do {
                    names = try environmentNames()
                    lastProblem = ""
                } catch {
                    let problem = (error as? ConfigurationError)?.description ?? "cannot read \(GitOpsFile.fileName) at HEAD of the clone: \(error)"
                    if problem != lastProblem { options.log("error: \(problem)") }
                    lastProblem = problem
                }
                for name in names where running[name] == nil {
                    let wakeup = await wakeups.wakeup(for: name)
                    running[name] = Task(executorPreference: Self.workExecutor) { await self.work(name, wakeup: wakeup) }
                }
                for (name, task) in running where !names.contains(name) {
                    task.cancel()
                    running[name] = nil
                    await state.remove(name)
                }
                if first {
                    first = false
                    group.addTask { [state] in
                        // Ready once every environment has been checked once.
                        while !Task.isCancelled {
                            let snapshot = await state.snapshot()
                            if !snapshot.reports.isEmpty, snapshot.reports.allSatisfy({ $0.nextCheck != nil }) { break }
                            try? await Task.sleep(nanoseconds: 50_000_000)
                        }
                        await state.markReady()
                    }
                }
                // After checks, the clone's maintenance, while nothing syncs: once
                // the workers are idle, or after ten minutes of their being busy.
                let checks = await gate.entries
                if checks != checksAtMaintenance, await gate.isIdle || ContinuousClock.now - lastMaintenance > .seconds(600) {
                    checksAtMaintenance = checks
                    lastMaintenance = ContinuousClock.now
                    await gate.exclusively { [mirror, options] in
                        do {
                            try await mirror.maintain()
                        } catch {
                            options.log("error: \((error as? ReconcileError)?.message ?? "\(error)")")
                        }
                    }
                }
                // `.gitops.yaml` is read again every few seconds: new environments start, removed ones stop.
                _ = await supervisor.sleep(nanoseconds: 2_000_000_000)
            }
            for task in running.values { await task.value }
            group.cancelAll()
        }
        await clients.shutdown()
        // Events of the last syncs still go out, briefly.
        await notifier.drain(seconds: 5)
    }

    /// A webhook arrived: every worker fetches and checks now.
    package func trigger() async {
        await wakeups.wakeAll()
    }

    /// The environments to keep in sync: those of `.gitops.yaml` at HEAD of the clone, or the named ones among them.
    func environmentNames() throws -> [String] {
        let file = try configuration()
        let names = file.environments.map(\.name)
        return options.environments.isEmpty ? names : names.filter { options.environments.contains($0) }
    }

    func configuration() throws -> GitOpsFile {
        let repository = try mirror.open()
        return try GitOpsFile.decode(try repository.tree(at: "HEAD").readFile(GitOpsFile.fileName), file: "\(GitOpsFile.fileName)@HEAD")
    }

    func fetch() async throws {
        let start = ContinuousClock.now
        do {
            try await mirror.fetch()
            metrics.fetch(seconds: Self.seconds(since: start), failed: false)
        } catch {
            metrics.fetch(seconds: Self.seconds(since: start), failed: true)
            throw error
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// One environment's loop, until stopped or the environment is removed.
    /// With leader election, it checks only while holding the environment's
    /// Lease (renewed every retry period on a task of its own meanwhile), and
    /// otherwise waits a retry period and tries again.
    func work(_ name: String, wakeup: Wakeup) async {
        var failures = 0
        var leadership: Leadership?
        while !Task.isCancelled, !(await stopping.isSet) {
            await gate.enter()
            var interval = Environment.defaults.interval
            var standby = false
            do {
                // The fetch and `.gitops.yaml` of this round serve both the Lease and the check.
                try await fetch()
                let file = try configuration()
                if let environment = file.environment(name) {
                    interval = environment.interval
                    standby = try await !lead(environment, current: &leadership)
                    if !standby { try await check(environment, file: file) }
                }
                failures = 0
            } catch {
                failures += 1
                let message = (error as? ReconcileError)?.message ?? (error as? StateError)?.message ?? (error as? KubeError)?.message ?? "\(error)"
                await state.update(name) { $0.error = message }
                options.log("\(name): \(message)")
                metrics.ready(name, false)
            }
            await gate.leave()
            // Failures back off from 1 s, doubling, never past the interval; jitter of a tenth either way.
            var base = failures == 0 ? interval : min(interval, Int64(1_000_000_000) << min(failures - 1, 30))
            if standby { base = Int64(options.leaseTiming.retryPeriod * 1e9) }
            let jitter = Int64(Double(base) * Double.random(in: -0.1...0.1))
            let delay = max(100_000_000, base + jitter)
            await state.update(name) { $0.nextCheck = Date.now.timeIntervalSince1970 + Double(delay) / 1e9 }
            _ = await wakeup.sleep(nanoseconds: delay)
        }
        await leadership?.end()
    }

    /// With leader election, takes or keeps the Lease of `name` in its
    /// cluster (through a client of its own, kept while the worker runs, so a
    /// renewal never waits behind a sync's requests); a new leader first adopts
    /// the remote's records. Without, the environment is always this agent's.
    func lead(_ environment: Environment, current: inout Leadership?) async throws -> Bool {
        let name = environment.name
        guard options.leaderElection else { return true }
        if let leadership = current, leadership.cluster != environment.cluster {
            await leadership.end()
            current = nil
        }
        if current == nil {
            var connect = SyncOptions()
            connect.environment = options.environment
            let client = try Reconciler(repository: try mirror.open()).connect(environment, options: connect)
            let election = LeaderElection(identity: options.identity, name: Self.leaseName(repository: options.repository, environment: name),
                                          namespace: options.leaseNamespace, timing: options.leaseTiming)
            current = Leadership(cluster: environment.cluster, client: client, election: election)
        }
        guard let leadership = current else { return false }
        let wasLeading = await leadership.isLeading
        let leading = try await leadership.election.acquireOrRenew(leadership.client)
        if leading, !wasLeading {
            try await mirror.adoptRecords(of: name)
            options.log("\(name): leading (Lease \(options.leaseNamespace)/\(Self.leaseName(repository: options.repository, environment: name)))")
            await leadership.startRenewing(every: options.leaseTiming.retryPeriod)
        } else if !leading {
            if wasLeading { options.log("\(name): lost the Lease to another agent") }
            await leadership.stopRenewing()
            await state.update(name) { $0.error = nil; $0.standby = true }
        }
        if leading { await state.update(name) { $0.standby = false } }
        return leading
    }

    /// `git-ops-<digest of the repository>-<environment>`: one Lease per environment of a repository.
    static func leaseName(repository: String, environment: String) -> String {
        let name = "git-ops-\(Digests.SHA256.hexDigest(Array(repository.utf8)).prefix(10))-\(environment.lowercased())"
        return String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "-" }.prefix(253))
    }

    /// Syncs a new commit, retries a failed deployment, or checks drift
    /// (healing it where `selfHeal` is on), with the clone as just fetched.
    func check(_ environment: Environment, file: GitOpsFile) async throws {
        let name = environment.name
        let repository = try mirror.open()
        var providers = file.notifications
        do {
            providers += try GitOpsFile.notifications(gitConfig: await mirror.notificationConfig())
        } catch {
            options.log("\(name): \(error)")
        }
        let events = Events(agent: self, environment: environment, providers: providers)
        let reconciler = Reconciler(repository: repository)
        var options = SyncOptions()
        options.environment = self.options.environment
        options.syncedBy = self.options.syncedBy
        options.trigger = .automatic
        options.clients = clients
        let status = try await reconciler.status(name, options: options)
        await report(status, environment: environment, repository: repository, events: events)
        let result = status.deployed?.record.result
        // Records a push left behind (the remote was busy or down) go out with the next check.
        if self.options.publish, status.deployed != nil, status.behind == 0,
           (try? RecordPublisher(repository: repository, environment: self.options.environment)
               .hasUnpublishedRecords(RecordPublisher.Target(environment: name, branch: environment.branch))) == true {
            try await publish(name, environment: environment, repository: repository)
        }
        if status.pin != nil {
            // A rollback pinned the environment: nothing is synced until someone syncs it by hand.
            return
        }
        if status.deployed == nil || status.behind > 0 || result == .failed || result == .pending {
            try await sync(name, reconciler: reconciler, options: options, environment: environment, repository: repository, events: events)
        } else if !status.drift.isEmpty, !environment.selfHeal {
            let message = "\(status.drift.count) object\(status.drift.count == 1 ? "" : "s") drifted from the deployment (selfHeal is off): "
                + status.drift.prefix(5).map { "\($0.key)" }.joined(separator: ", ")
            self.options.log("\(name): \(message)")
            await events.send("info", "DriftDetected", message, commit: status.deployed?.record.sourceCommit.hex)
        } else if !status.drift.isEmpty, let deployed = status.deployed {
            var heal = options
            heal.revision = deployed.record.sourceCommit.hex
            try await sync(name, reconciler: reconciler, options: heal, environment: environment, repository: repository, events: events)
        }
    }

    func sync(_ name: String, reconciler: Reconciler, options: SyncOptions, environment: Environment, repository: Repository,
              events: Events) async throws {
        let start = ContinuousClock.now
        let outcome: SyncOutcome
        do {
            outcome = try await reconciler.sync(name, options: options)
        } catch {
            releaseOwnLease(name, repository: repository)
            let message = (error as? ReconcileError)?.message ?? "\(error)"
            await events.send("error", "ReconciliationFailed", message, commit: nil)
            metrics.sync(name, result: "failed", seconds: Self.seconds(since: start))
            await state.update(name) { $0.lastSync = Date.now.timeIntervalSince1970 }
            if self.options.publish { _ = await pushRecords(name, environment: environment, repository: repository) }
            throw error
        }
        metrics.sync(name, result: outcome.result.rawValue, seconds: outcome.seconds)
        metrics.render(name, seconds: outcome.renderSeconds)
        self.options.log("\(name): synced \(outcome.sourceCommit.short)\(options.revision != nil ? " again (drift healed)" : ""): \(outcome.result.rawValue), "
            + "applied \(outcome.counts.applied), pruned \(outcome.counts.pruned), unchanged \(outcome.counts.unchanged)")
        let now = Date.now.timeIntervalSince1970
        let subject = (try? repository.commit(outcome.sourceCommit).summary) ?? ""
        await state.recordDeployment(name, commit: outcome.sourceCommit.hex, result: outcome.result.rawValue, time: now)
        await state.update(name) { report in
            report.lastSync = now
            if outcome.result == .succeeded { report.lastSuccess = now }
            report.deployedCommit = outcome.sourceCommit.hex
            report.deployedSubject = subject
            report.result = outcome.result.rawValue
            report.behind = 0
            report.drifted = 0
            report.unhealthy = outcome.unhealthy.count
            report.error = nil
        }
        metrics.ready(name, outcome.result == .succeeded)
        metrics.drift(name, objects: 0)
        let counts = "applied \(outcome.counts.applied), pruned \(outcome.counts.pruned), unchanged \(outcome.counts.unchanged)"
        switch outcome.result {
        case .succeeded where options.revision != nil:
            await events.send("info", "DriftCorrected", "drift healed: re-applied \(outcome.sourceCommit.short) (\(counts))", commit: outcome.sourceCommit.hex)
        case .succeeded:
            await events.send("info", "ReconciliationSucceeded", "synced \(outcome.sourceCommit.short): \(counts)", commit: outcome.sourceCommit.hex)
        case .rolledBack:
            await events.send("error", "RollbackSucceeded", "\(outcome.sourceCommit.short) did not become healthy; rolled back to the last healthy deployment",
                              commit: outcome.sourceCommit.hex)
        default:
            let unhealthy = outcome.unhealthy.prefix(5).map { "\($0.key): \($0.health)" }.joined(separator: "; ")
            await events.send("error", "HealthCheckFailed", "\(outcome.sourceCommit.short) is \(outcome.result.rawValue): \(unhealthy)",
                              commit: outcome.sourceCommit.hex)
        }
        if self.options.publish { try await publish(name, environment: environment, repository: repository) }
    }

    /// After a failed sync: a lease of `name` that this process holds is one a
    /// release could not delete (another git process held the reference's
    /// lock), since this agent syncs an environment once at a time. Left, it
    /// would keep every sync of the environment out until it expired.
    func releaseOwnLease(_ name: String, repository: Repository) {
        guard let refs = try? EnvironmentRefs(name), let lease = try? Lease.current(in: repository, environment: refs),
              lease.holder == Lease.currentHolder() else { return }
        do {
            try lease.release(in: repository)
            options.log("\(name): released the lease this agent's last sync left behind")
        } catch {
            options.log("\(name): \((error as? StateError)?.message ?? "\(error)")")
        }
    }

    /// Pushes the records of `name` to its remote; throws when they did not all
    /// go, so the worker tries again soon (backing off) rather than an interval later.
    func publish(_ name: String, environment: Environment, repository: Repository) async throws {
        let pushed = await pushRecords(name, environment: environment, repository: repository)
        if let failure = pushed.first(where: { !$0.pushed }) {
            throw ReconcileError(.publish, "records not pushed: \(failure.error?.message ?? "unknown error")")
        }
    }

    /// Pushes the records of `name`, one environment's at a time: every push
    /// carries the shared notes, and the workers' pushes at once kept finding
    /// the remote's notes locked by each other ("failed to update ref").
    func pushRecords(_ name: String, environment: Environment, repository: Repository) async -> [RecordPublisher.Result] {
        await publishing.enter()
        let pushed = await RecordPublisher(repository: repository, environment: self.options.environment)
            .publish([RecordPublisher.Target(environment: name, branch: environment.branch)])
        await publishing.leave()
        return pushed
    }

    /// Notes what a status check found.
    func report(_ status: EnvironmentStatus, environment: Environment, repository: Repository, events: Events) async {
        let before = await state.snapshot().reports.first { $0.name == status.environment }
        let commit = status.deployed?.record.sourceCommit.hex
        if let before, before.deployedCommit != nil, before.deployedCommit == commit, before.unhealthy != status.unhealthy.count {
            if status.unhealthy.isEmpty {
                await events.send("info", "HealthCheckSucceeded", "every object is healthy again", commit: commit)
            } else if before.unhealthy == 0 {
                let unhealthy = status.unhealthy.prefix(5).map { "\($0.key): \($0.health)" }.joined(separator: "; ")
                await events.send("error", "HealthCheckFailed", "\(status.unhealthy.count) object\(status.unhealthy.count == 1 ? " is" : "s are") unhealthy: \(unhealthy)",
                                  commit: commit)
            }
        }
        if await state.shouldReadHistory(of: status.environment), let refs = try? EnvironmentRefs(status.environment),
           let page = try? DeploymentHistory(repository: repository, environment: refs).page(limit: AgentState.recentLimit) {
            // The status page lists the deployments made before this agent started too.
            await state.addHistory(page.deployments.map { deployment in
                (status.environment, deployment.record.sourceCommit.hex, deployment.record.result.rawValue, Double(deployment.record.time))
            })
        }
        let subject = status.deployed.flatMap { try? repository.commit($0.record.sourceCommit).summary } ?? ""
        let total = status.deployed?.record.counts
        await state.update(status.environment) { report in
            report.branch = environment.branch
            report.selfHeal = environment.selfHeal
            report.deployedCommit = status.deployed?.record.sourceCommit.hex
            report.deployedSubject = subject
            report.tip = status.branchTip.hex
            report.behind = status.behind
            report.result = status.deployed?.record.result.rawValue
            report.drifted = status.drift.count
            report.unhealthy = status.unhealthy.count
            report.healthy = max(0, (total.map { $0.applied + $0.unchanged } ?? 0) - status.unhealthy.count)
            report.pinnedTo = status.pin?.record.sourceCommit.hex
            // Before this agent's first sync: when the deployment it found was recorded.
            if report.lastSync == nil, let deployed = status.deployed { report.lastSync = Double(deployed.record.time) }
            report.error = nil
        }
        metrics.drift(status.environment, objects: status.drift.count)
        metrics.resources(status.environment, healthy: max(0, (total.map { $0.applied + $0.unchanged } ?? 0) - status.unhealthy.count),
                          unhealthy: status.unhealthy.count)
        metrics.ready(status.environment, status.deployed.map { $0.record.result == .succeeded && status.unhealthy.isEmpty })
    }
}

/// The wake-up of every environment's worker.
actor WakeupTable {
    private var table: [String: Wakeup] = [:]

    func wakeup(for name: String) -> Wakeup {
        if let existing = table[name] { return existing }
        let created = Wakeup()
        table[name] = created
        return created
    }

    func wakeAll() async {
        for wakeup in table.values { await wakeup.wake() }
    }
}

/// Whether the agent is stopping.
actor StopSignal {
    private(set) var isSet = false
    func set() { isSet = true }
}

/// The events of one check of an environment, to the providers of `.gitops.yaml`.
struct Events: Sendable {
    let agent: Agent
    let environment: Environment
    let providers: [NotificationProvider]

    func send(_ severity: String, _ reason: String, _ message: String, commit: String?) async {
        guard !providers.isEmpty else { return }
        await agent.notifier.notify(AgentEvent(environment: environment.name, severity: severity, reason: reason, message: message,
                                               branch: environment.branch, commit: commit), providers: providers)
    }
}

/// An environment's connection while its worker runs: the client of its
/// cluster (kept open across checks), the election when there is one, and
/// the task renewing its Lease while leading.
actor Leadership {
    let cluster: String
    let client: KubeClient
    let election: LeaderElection
    private var renewing: Task<Void, Never>?

    init(cluster: String, client: KubeClient, election: LeaderElection) {
        self.cluster = cluster
        self.client = client
        self.election = election
    }

    var isLeading: Bool { renewing != nil }

    func startRenewing(every seconds: Double) {
        renewing?.cancel()
        renewing = Task { [client, election] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                if Task.isCancelled { return }
                _ = try? await election.acquireOrRenew(client)
            }
        }
    }

    func stopRenewing() {
        renewing?.cancel()
        renewing = nil
    }

    /// Stops renewing, gives the Lease up and closes the client.
    func end() async {
        stopRenewing()
        await election.release(client)
        await client.shutdown()
    }
}
