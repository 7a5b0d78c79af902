import Foundation
import Git
import Kube
import Manifests
import Plan
import State

/// The one pipeline every entry point uses: read and render an environment at
/// a revision, observe its cluster, plan, and (for a sync) apply, prune, wait
/// for health and record. Holds the repository, so one task uses it at a time.
package struct Reconciler {
    /// The repository whose environments are reconciled.
    package let repository: Repository

    package init(repository: Repository) {
        self.repository = repository
    }

    /// Connects to the cluster environment `environment` targets (or `options.context`).
    package func connect(_ environment: Environment, options: SyncOptions) throws -> KubeClient {
        let context = contextName(environment, options: options)
        do {
            let connection = try ClusterConnection.resolve(kubeconfig: options.kubeconfig, context: context,
                                                           environment: options.environment)
            if let clients = options.clients { return try clients.client(for: connection) }
            return try KubeClient(connection: connection)
        } catch let error as KubeconfigError {
            throw ReconcileError(.cluster, "cannot reach the cluster of environment '\(environment.name)': \(error.message)")
        }
    }

    /// Done with a client from `connect`: shuts it down unless `options.clients` keeps it.
    func release(_ client: KubeClient, options: SyncOptions) async {
        if options.clients == nil { await client.shutdown() }
    }

    /// The kubeconfig context an environment's cluster is on this machine:
    /// `--context`, else `GIT_OPS_CONTEXT`, else the git config
    /// `ops.<env>.cluster`, else `.gitops.yaml`'s `cluster` (DESIGN's order:
    /// flag, environment, git config, the file). The machine-local ones let a
    /// clone name its own context for a cluster without a commit.
    package func contextName(_ environment: Environment, options: SyncOptions) -> String {
        if let context = options.context { return context }
        if let context = options.environment["GIT_OPS_CONTEXT"], !context.isEmpty { return context }
        if let configured = try? repository.configValue("ops.\(environment.name).cluster"), !configured.isEmpty { return configured }
        return environment.cluster
    }

    /// Reads, renders, observes and plans environment `name`, changing nothing.
    package func plan(_ name: String, options: SyncOptions) async throws -> PlannedSync {
        let source = try PreparedSource.read(repository: repository, environment: name, revision: options.revision)
        let client = try connect(source.environment, options: options)
        do {
            let plan = try await plan(source, client: client, options: options)
            await release(client, options: options)
            return plan
        } catch {
            await release(client, options: options)
            throw error
        }
    }

    /// Observes the cluster and plans the deployment of `source`.
    func plan(_ source: PreparedSource, client: KubeClient, options: SyncOptions) async throws -> PlannedSync {
        let name = source.environment.name
        let view = ClusterView(client: client)
        let applySet = try PlannedSync.applySet(for: name)
        let desired: [Node]
        do {
            desired = try await view.defaultingNamespaces(source.objects).map { try applySet.stamp($0) }
        } catch let error as PlanError {
            throw ReconcileError(.plan, error.message)
        } catch let error as KubeError {
            throw ReconcileError(.cluster, error.message)
        }
        let history = DeploymentHistory(repository: repository, environment: try refs(name))
        let inventory: Set<ObjectKey>
        do {
            inventory = Set(try history.latest().map { try history.inventory(of: $0) }?.map(ObjectKey.init) ?? [])
        } catch let error as StateError {
            throw ReconcileError(.state, error.message)
        }
        do {
            let keys = Array(Set(desired.map { ObjectKey(of: $0) }).union(inventory))
            let live = try await view.live(keys, selector: applySet.selector)
            let parentKey = ObjectKey(applySet.parent)
            let parent = try await view.live([parentKey])[parentKey]
            if let parent { _ = try applySet.readParent(parent) }
            // What is not live yet cannot be judged by the server: a dry-run of it
            // would only say that its namespace or kind is still missing. What is
            // as it was last applied, and live still holds, needs no dry-run either.
            let (settled, recordedFiles) = try settledObjects(desired, live: live, history: history)
            var dryRun = try await view.dryRun(desired.filter {
                let key = ObjectKey(of: $0)
                return live[key] != nil && !settled.contains(key)
            })
            for key in settled { dryRun[key] = live[key] }
            var plannerOptions = Planner.Options(prune: options.prune ?? source.environment.prune,
                                                 allowEmpty: options.allowEmpty, adopt: options.adopt)
            plannerOptions.order = ApplyOrder()
            let changes = try Planner(applySet: applySet, options: plannerOptions)
                .plan(desired: desired, live: live, dryRun: dryRun, inventory: inventory)
            return PlannedSync(name: name, source: source, applySet: applySet, desired: desired, live: live,
                               inventory: inventory, parent: parent, changes: changes,
                               context: contextName(source.environment, options: options), recordedFiles: recordedFiles)
        } catch let error as PlanError {
            throw ReconcileError(.plan, "cannot sync '\(name)': \(error.message)")
        } catch let error as KubeError {
            throw ReconcileError(.cluster, "cannot sync '\(name)': \(error.message)")
        }
    }

    /// The desired objects that a dry-run would find unchanged without asking:
    /// each is recorded byte for byte as it is now by the last deployment that
    /// applied everything (succeeded or unhealthy), so the fields git-ops owns
    /// are the desired ones, and live still holds each of them with the same
    /// value (`LiveCoverage`). After a failed or interrupted sync, none is.
    func settledObjects(_ desired: [Node], live: [ObjectKey: Node], history: DeploymentHistory) throws
        -> (settled: Set<ObjectKey>, files: [String: [UInt8]]?) {
        guard let last = try state({ try history.latest() }), [.succeeded, .unhealthy].contains(last.record.result),
              let recorded = try? repository.tree(at: last.commit) else { return ([], nil) }
        let files: [String: [UInt8]]
        do {
            files = try DeploymentTree.files(desired)
        } catch {
            return ([], nil)
        }
        var settled: Set<ObjectKey> = []
        for object in desired {
            let key = ObjectKey(of: object)
            guard let current = live[key], let path = try? DeploymentTree.path(of: Resource(object).id),
                  let file = files[path], let before = try? recorded.readFile(path), before == file,
                  LiveCoverage.covers(current, object) else { continue }
            settled.insert(key)
        }
        return (settled, files)
    }

    func refs(_ name: String) throws -> EnvironmentRefs {
        do {
            return try EnvironmentRefs(name)
        } catch let error as StateError {
            throw ReconcileError(.source, error.message)
        }
    }
}
