import Foundation
import Git
import Kube
import Manifests
import Plan
import State

extension Reconciler {
    /// Syncs environment `name`: takes its lease, plans, records the write-ahead
    /// record, applies and prunes, waits for health within the timeout, and
    /// records how it ended (with the note on the source commit). A dry run
    /// stops after the plan. An `autoRollback` environment whose sync ends
    /// unhealthy re-applies its last healthy deployment, recorded as a rollback.
    package func sync(_ name: String, options: SyncOptions) async throws -> SyncOutcome {
        let started = ContinuousClock.now
        let source = try PreparedSource.read(repository: repository, environment: name, revision: options.revision)
        let client = try connect(source.environment, options: options)
        do {
            var outcome = try await sync(source, client: client, options: options, started: started)
            outcome.renderSeconds = source.renderSeconds
            await release(client, options: options)
            return outcome
        } catch {
            await release(client, options: options)
            throw error
        }
    }

    /// Syncs `source` through `client`, which the caller owns.
    func sync(_ source: PreparedSource, client: KubeClient, options: SyncOptions,
              started: ContinuousClock.Instant) async throws -> SyncOutcome {
        let name = source.environment.name
        let timeout = options.timeout ?? source.environment.timeout
        if options.dryRun {
            let plan = try await plan(source, client: client, options: options)
            return SyncOutcome(environment: name, sourceCommit: source.commit, changes: plan.changes, result: .succeeded,
                               unhealthy: [], deployment: nil, seconds: Self.seconds(since: started), rollback: [])
        }
        let refs = try refs(name)
        let now = UTCTime.now()
        // The lease outlives the sync's own deadline, so no other sync takes it while this one waits.
        let lease = try state { try Lease.take(in: repository, environment: refs, holder: Lease.currentHolder(),
                                               duration: timeout / 1_000_000_000 + 300, now: now) }
        defer { try? lease.release(in: repository) }
        let report: @Sendable (SyncProgress) -> Void = { [progress = options.progress] in progress?(name, $0) }
        // A rollback returns to what already ran: today's policies do not stop it.
        let policies = options.trigger.rollbackOf == nil ? try policyVerdict(source, skip: options.skipPolicy) : PolicyGate()
        report(.planning)
        let plan = try await self.plan(source, client: client, options: options)
        let history = DeploymentHistory(repository: repository, environment: refs)
        var request = SyncRequest(sourceCommit: source.commit, cluster: plan.context, syncedBy: try syncedBy(options),
                                  trigger: options.trigger, objects: plan.desired, time: UTCTime.now())
        request.files = plan.recordedFiles
        request.policySkipped = policies.skipped
        request.policyAudits = policies.warnings
        let pending = try state { try history.beginSync(request, holding: lease) }
        let deadline = started + .nanoseconds(timeout)
        let unhealthy: [(key: ObjectKey, health: Health)]
        do {
            try await Applier(client: client, plan: plan, deadline: deadline, progress: report).run()
            let keys = plan.changes.entries.filter { $0.desired != nil && !Self.isSkip($0.action) }.map(\.key)
            unhealthy = !options.wait ? [] : try await HealthWait(view: ClusterView(client: client), keys: keys, selector: plan.applySet.selector, deadline: deadline,
                                           progress: report)
                .run(observed: plan.changes.changesCluster ? nil : plan.live)
        } catch {
            let message = (error as? ReconcileError)?.message ?? (error as? KubeError)?.message ?? "\(error)"
            _ = try? history.finishSync(pending, result: .failed, counts: DeploymentRecord.Counts(), time: UTCTime.now(), holding: lease)
            throw ReconcileError(.apply, "sync of '\(name)' failed, recorded as failed: \(message)")
        }
        var outcome = SyncOutcome(environment: name, sourceCommit: source.commit, changes: plan.changes,
                                  result: unhealthy.isEmpty ? .succeeded : .unhealthy, unhealthy: unhealthy,
                                  deployment: nil, seconds: Self.seconds(since: started), rollback: [])
        outcome.branch = source.environment.branch
        outcome.waited = options.wait
        outcome.policyWarnings = policies.warnings
        let rollingBack = !unhealthy.isEmpty && source.environment.autoRollback && options.trigger.rollbackOf == nil
        let target = rollingBack ? try state { try history.latestHealthy() } : nil
        let result: DeploymentRecord.Result = target != nil ? .rolledBack : outcome.result
        outcome.result = result
        outcome.deployment = try state {
            try history.finishSync(pending, result: result, counts: outcome.counts, time: UTCTime.now(), holding: lease)
        }
        if let target {
            try lease.release(in: repository)
            var again = options
            again.revision = target.record.sourceCommit.hex
            again.trigger = .rollback(of: target.commit)
            let previous = try PreparedSource.read(repository: repository, environment: name, revision: again.revision)
            outcome.rollback = [try await sync(previous, client: client, options: again, started: ContinuousClock.now)]
        }
        return outcome
    }

    static func isSkip(_ action: Action) -> Bool {
        if case .skip = action { return true }
        return false
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Who the record says synced: `--as`, else the git identity, as `name <email>`.
    func syncedBy(_ options: SyncOptions) throws -> String {
        if let given = options.syncedBy { return given }
        let signature = try repository.signature()
        return "\(signature.name) <\(signature.email)>"
    }

    /// Runs a State operation, its errors worded for the reconciler.
    func state<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as StateError {
            throw ReconcileError(.state, error.message)
        } catch let error as GitError {
            throw ReconcileError(.state, error.message)
        }
    }
}
