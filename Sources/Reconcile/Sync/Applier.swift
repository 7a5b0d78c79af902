import Foundation
import Kube
import Manifests
import Plan

/// Carries out a change set against a cluster, in Flux's staged order: the
/// ApplySet parent with the union of the old and new scopes, each stage's
/// applies (the definitions and classes stages waited for until established,
/// then discovery refreshed), the prunes in reverse order, and the parent
/// with the new scope alone. Every apply is a forced server-side apply by
/// field manager `git-ops`: git is the source of truth.
struct Applier {
    let client: KubeClient
    let plan: PlannedSync
    /// When waiting for a stage gives up.
    let deadline: ContinuousClock.Instant
    /// Told how the applies and prunes go.
    var progress: (@Sendable (SyncProgress) -> Void)?

    func run() async throws {
        let newScope = ApplySet.Scope(members: plan.desired.map { ObjectKey(of: $0) })
        let oldScope = try plan.parent.map { try plan.applySet.readParent($0) } ?? ApplySet.Scope(members: plan.inventory)
        try await applyParent(scope: newScope.union(oldScope))
        let total = plan.changes.entries.filter { $0.action == .create || $0.action == .configure }.count
        var done = 0
        for (stage, changes) in plan.changes.stages {
            let applies = changes.filter { $0.action == .create || $0.action == .configure }
            try await apply(applies) { done += 1; progress?(.applying(done: done, total: total)) }
            if stage.isWaitedFor, !applies.isEmpty {
                try await waitEstablished(applies.map(\.key))
                try await client.refreshDiscovery()
            }
        }
        for (index, change) in plan.changes.prunes.enumerated() {
            try await prune(change)
            progress?(.pruning(done: index + 1, total: plan.changes.prunes.count))
        }
        try await applyParent(scope: newScope)
    }

    func applyParent(scope: ApplySet.Scope) async throws {
        do {
            _ = try await client.apply(plan.applySet.parentObject(scope: scope), fieldManager: plan.applySet.parentFieldManager, force: true)
        } catch let error as KubeError {
            throw ReconcileError(.apply, "cannot record the ApplySet parent \(ObjectKey(plan.applySet.parent)): \(error.message)")
        }
    }

    /// Applies `changes` as many at a time as the client sends; the first failure stops the stage.
    func apply(_ changes: [Change], each: () -> Void = {}) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = changes[...]
            func start() {
                guard let change = pending.popFirst(), let object = change.desired else { return }
                group.addTask { [client] in
                    do {
                        _ = try await client.apply(object, force: true)
                    } catch let error as KubeError {
                        throw ReconcileError(.apply, error.message)
                    }
                }
            }
            for _ in 0..<client.options.maxRequestsInFlight { start() }
            while try await group.next() != nil {
                each()
                start()
            }
        }
    }

    /// Deletes a pruned object, only if it is still the one observed (its uid).
    func prune(_ change: Change) async throws {
        guard let live = change.live else { return }
        let id = Resource(live).id
        let kind = GroupVersionKind(group: id.group, version: id.version, kind: id.kind)
        do {
            _ = try await client.delete(kind, name: id.name, namespace: id.namespace.isEmpty ? nil : id.namespace,
                                        preconditionUID: live[path: ["metadata", "uid"]]?.text)
        } catch let error as KubeError where error.httpStatus == 409 {
            // The uid precondition failed: the object was made again since it was observed; leave it.
            return
        } catch let error as KubeError {
            throw ReconcileError(.apply, "cannot prune \(change.key): \(error.message)")
        }
    }

    /// Waits until the objects of `keys` are current (CustomResourceDefinitions
    /// established, namespaces active), as Flux waits between stages.
    func waitEstablished(_ keys: [ObjectKey]) async throws {
        let view = ClusterView(client: client)
        while true {
            let live = try await view.live(keys, selector: plan.applySet.selector)
            let waiting = keys.filter { Health.compute(live[$0], now: Date()).status != .current }
            if waiting.isEmpty { return }
            guard ContinuousClock.now < deadline else {
                throw ReconcileError(.apply, "\(waiting.map(\.description).joined(separator: ", ")) did not become ready in time; the objects that depend on them were not applied")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
