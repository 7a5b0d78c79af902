import Manifests

/// The simulated kube-controller-manager: one loop that watches every change and reconciles the
/// changed objects a step at a time, kwok-like (kube-api.md §12).
///
/// Its state (the dirty set, delayed retries, when each generation was first
/// seen, the uids alive) lives in the loop's task; nothing else touches it.
struct ControllerManager: Sendable {
    let context: ControllerContext

    /// `rootCertificate` is the CA bundle published in every namespace (`RootCACertPublisher`).
    init(service: ObjectService, step: Duration, rootCertificate: String = RootCACertPublisher.placeholderCertificate) {
        context = ControllerContext(service: service, step: step, rootCertificate: rootCertificate)
    }

    private enum Signal: Sendable {
        case changed(StoreEvent)
        case tick
    }

    /// Runs until the task is cancelled.
    func run() async {
        guard let registration = try? await context.store.watch(storageKey: nil, namespace: nil, since: nil) else { return }
        let (signals, continuation) = AsyncStream<Signal>.makeStream()
        let tick = min(context.step, .milliseconds(100))
        let forwarder = Task {
            for await message in registration.stream {
                if case .event(let event) = message { continuation.yield(.changed(event)) }
            }
            continuation.finish()
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                continuation.yield(.tick)
            }
        }
        defer {
            forwarder.cancel()
            ticker.cancel()
        }
        var state = LoopState()
        for object in registration.initial ?? [] {
            state.observe(object)
            state.dirty.insert(object.key)
        }
        await withTaskCancellationHandler {
            for await signal in signals {
                switch signal {
                case .changed(let event):
                    if event.kind == .deleted {
                        state.forget(event.object)
                        if let namespace = ServiceAccountController.namespaceToRevisit(afterRemoving: event.object.key)
                            ?? RootCACertPublisher.namespaceToRevisit(after: event.object.key) {
                            state.dirty.insert(namespace)
                        }
                        if let uid = event.object.object[path: ["metadata", "uid"]]?.string {
                            state.removedOwners.insert(uid)
                        }
                    } else {
                        state.observe(event.object)
                        state.dirty.insert(event.object.key)
                        if let namespace = RootCACertPublisher.namespaceToRevisit(after: event.object.key) {
                            state.dirty.insert(namespace)
                        }
                    }
                case .tick:
                    await process(&state)
                }
            }
        } onCancel: {
            continuation.finish()
            Task { await context.store.stopWatch(registration.id) }
        }
    }

    struct LoopState {
        var dirty: Set<ObjectKey> = []
        var delayed: [ObjectKey: ContinuousClock.Instant] = [:]
        /// When each object's current generation was first seen.
        var seen: [ObjectKey: (generation: Int, at: ContinuousClock.Instant)] = [:]
        var liveUIDs: Set<String> = []
        var removedOwners: Set<String> = []
        /// Objects by the uid of each of their owners, so nothing scans the store for dependents.
        var dependents: [String: Set<ObjectKey>] = [:]
        var owners: [ObjectKey: [String]] = [:]

        mutating func observe(_ object: StoredObject) {
            if let uid = object.object[path: ["metadata", "uid"]]?.string { liveUIDs.insert(uid) }
            let generation = ControllerContext.int(object.object[path: ["metadata", "generation"]], default: 0)
            if seen[object.key]?.generation != generation { seen[object.key] = (generation, .now) }
            setOwners(GarbageCollector.ownerUIDs(object.object), of: object.key)
        }

        mutating func forget(_ object: StoredObject) {
            if let uid = object.object[path: ["metadata", "uid"]]?.string { liveUIDs.remove(uid) }
            seen[object.key] = nil
            delayed[object.key] = nil
            dirty.remove(object.key)
            setOwners([], of: object.key)
        }

        private mutating func setOwners(_ uids: [String], of key: ObjectKey) {
            let previous = owners[key] ?? []
            guard previous != uids else { return }
            for uid in previous {
                dependents[uid]?.remove(key)
                if dependents[uid]?.isEmpty == true { dependents[uid] = nil }
            }
            for uid in uids { dependents[uid, default: []].insert(key) }
            owners[key] = uids.isEmpty ? nil : uids
        }
    }

    private func process(_ state: inout LoopState) async {
        let now = ContinuousClock.now
        for (key, due) in state.delayed where due <= now {
            state.delayed[key] = nil
            state.dirty.insert(key)
        }
        let collector = GarbageCollector(context: context, dependents: state.dependents)
        if !state.removedOwners.isEmpty {
            let removed = state.removedOwners
            state.removedOwners = []
            for uid in removed {
                for key in state.dependents[uid] ?? [] {
                    guard let object = await context.store.get(key) else { continue }
                    await collector.collectIfOrphaned(object, liveUIDs: state.liveUIDs)
                }
            }
        }
        let keys = state.dirty
        state.dirty = []
        for key in keys {
            guard let stored = await context.store.get(key) else { continue }
            let started = state.seen[key]?.at ?? now
            if let again = await reconcile(stored, since: started, collector: collector, liveUIDs: state.liveUIDs) {
                let due = ContinuousClock.now + again
                state.delayed[key] = min(state.delayed[key] ?? due, due)
            }
        }
    }

    private func reconcile(_ stored: StoredObject, since started: ContinuousClock.Instant, collector: GarbageCollector,
                           liveUIDs: Set<String>) async -> Duration? {
        let object = stored.object
        if object[path: ["metadata", "deletionTimestamp"]] != nil {
            if stored.key.storageKey == "/namespaces" { return await collector.finalizeNamespace(stored) }
            if stored.key.storageKey == ResourceRegistry.crdStorageKey { return await collector.finalizeCRD(stored) }
            return await collector.finalize(stored)
        }
        if !GarbageCollector.ownerUIDs(object).isEmpty {
            await collector.collectIfOrphaned(stored, liveUIDs: liveUIDs)
        }
        guard let type = await context.type(stored.key.storageKey) else { return nil }
        let workloads = WorkloadControllers(context: context)
        switch stored.key.storageKey {
        case "apps/deployments":
            return await DeploymentController(context: context).reconcile(object, type: type, since: started,
                                                                          owned: collector.dependentKeys(of: object))
        case "apps/statefulsets":
            return await workloads.statefulSet(object, type: type, since: started)
        case "apps/daemonsets":
            return await workloads.daemonSet(object, type: type, since: started)
        case "batch/jobs":
            return await workloads.job(object, type: type, since: started)
        case "/pods":
            return await workloads.pod(object, type: type)
        case "/namespaces":
            let account = await ServiceAccountController(context: context).namespace(object)
            let rootCA = await RootCACertPublisher(context: context).namespace(object)
            return [account, rootCA].compactMap { $0 }.min()
        default:
            return nil
        }
    }
}
