import Foundation
import Git
import Kube
import Manifests
import Plan
import State

/// Where an environment stands: what is deployed, how far its branch has
/// moved on, whether the cluster drifted from the deployment, and its health.
package struct EnvironmentStatus: Sendable {
    /// The environment.
    package var environment: String
    /// The latest deployment record, `nil` when nothing was deployed.
    package var deployed: Deployment?
    /// The tip of the environment's branch.
    package var branchTip: ObjectID
    /// Commits on the branch since the deployed source commit.
    package var behind: Int
    /// What a sync of the deployed commit would change: the drift.
    package var drift: [Change]
    /// The deployed objects that are not healthy, with why.
    package var unhealthy: [(key: ObjectKey, health: Health)]
    /// The rollback that pins the environment, when one does.
    package var pin: Deployment?

    /// True when the cluster holds the branch's tip, as deployed, and all of it is healthy.
    package var isInSync: Bool { deployed != nil && behind == 0 && drift.isEmpty }
}

extension Reconciler {
    /// The status of environment `name`: the latest record, the branch's commits
    /// since, drift (a plan of the deployed commit against the cluster) and health.
    package func status(_ name: String, options: SyncOptions) async throws -> EnvironmentStatus {
        let refs = try refs(name)
        let history = DeploymentHistory(repository: repository, environment: refs)
        let (deployed, pin) = try state { (try history.latest(), try history.pin()) }
        let tipSource = try PreparedSource.read(repository: repository, environment: name, revision: nil)
        let tip = tipSource.commit
        guard let deployed else {
            return EnvironmentStatus(environment: name, deployed: nil, branchTip: tip, behind: try count(from: tip, excluding: nil),
                                     drift: [], unhealthy: [], pin: pin)
        }
        let source = try PreparedSource.read(repository: repository, environment: name, revision: deployed.record.sourceCommit.hex)
        let client = try connect(source.environment, options: options)
        do {
            var planning = options
            planning.prune = true
            let plan = try await self.plan(source, client: client, options: planning)
            await release(client, options: options)
            let drift = plan.changes.entries.filter { $0.action.changesCluster }
            let unhealthy = plan.changes.entries.compactMap { change -> (key: ObjectKey, health: Health)? in
                guard change.desired != nil, !Self.isSkip(change.action) else { return nil }
                let health = Health.compute(plan.live[change.key], now: Date())
                return health.status == .current ? nil : (change.key, health)
            }
            return EnvironmentStatus(environment: name, deployed: deployed, branchTip: tip,
                                     behind: try count(from: tip, excluding: deployed.record.sourceCommit),
                                     drift: drift, unhealthy: unhealthy, pin: pin)
        } catch {
            await release(client, options: options)
            throw error
        }
    }

    /// Commits reachable from `tip` and not from `excluding`.
    func count(from tip: ObjectID, excluding: ObjectID?) throws -> Int {
        try state { try repository.history(from: tip, excluding: excluding.map { [$0] } ?? []).count }
    }

    /// Re-applies what was deployed at `revision` (a deployment commit, or a
    /// source commit deployed here), by default the previous healthy
    /// deployment, and records it as a rollback, which pins the environment.
    package func rollback(_ name: String, to revision: String?, options: SyncOptions) async throws -> SyncOutcome {
        let history = DeploymentHistory(repository: repository, environment: try refs(name))
        let target = try state { try history.rollbackTarget(revision) }
        var options = options
        options.revision = target.record.sourceCommit.hex
        options.trigger = .rollback(of: target.commit)
        return try await sync(name, options: options)
    }
}
