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
        let forwarder = Task(executorPreference: ClusterExecutor.shared) {
            for await message in registration.stream {
                if case .event(let event) = message { continuation.yield(.changed(event)) }
            }
            continuation.finish()
        }
        let ticker = Task(executorPreference: ClusterExecutor.shared) {
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
                    for key in state.related(to: event.object) { state.dirty.insert(key) }
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
            Task(executorPreference: ClusterExecutor.shared) { await context.store.stopWatch(registration.id) }
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
        var keysByUID: [String: ObjectKey] = [:]
        var ledger = PodLedger()

        mutating func observe(_ object: StoredObject) {
            if let uid = object.object[path: ["metadata", "uid"]]?.string {
                liveUIDs.insert(uid)
                keysByUID[uid] = object.key
            }
            let generation = ControllerContext.int(object.object[path: ["metadata", "generation"]], default: 0)
            if seen[object.key]?.generation != generation { seen[object.key] = (generation, .now) }
            setOwners(GarbageCollector.ownerUIDs(object.object), of: object.key)
            if object.key.storageKey == "/pods" { ledger.observe(object) }
        }

        mutating func forget(_ object: StoredObject) {
            if let uid = object.object[path: ["metadata", "uid"]]?.string {
                liveUIDs.remove(uid)
                keysByUID[uid] = nil
            }
            seen[object.key] = nil
            delayed[object.key] = nil
            dirty.remove(object.key)
            setOwners([], of: object.key)
            if object.key.storageKey == "/pods" { ledger.forget(object) }
        }

        /// What to revisit when `object` changed or went: its controller, which counts it, and a
        /// Deployment's ReplicaSets, whose pods follow its readiness annotations.
        func related(to object: StoredObject) -> [ObjectKey] {
            var result: [ObjectKey] = []
            if let owner = PodControl.controllerUID(object.object), let key = keysByUID[owner] { result.append(key) }
            if object.key.storageKey == "apps/deployments", let uid = object.object[path: ["metadata", "uid"]]?.string {
                result += (dependents[uid] ?? []).filter { $0.storageKey == "apps/replicasets" }
            }
            return result
        }

        /// When the loop first saw each of `keys`.
        func firstSeen(_ keys: Set<ObjectKey>) -> [ObjectKey: ContinuousClock.Instant] {
            var result: [ObjectKey: ContinuousClock.Instant] = [:]
            for key in keys { result[key] = seen[key]?.at }
            return result
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
            if let again = await reconcile(stored, since: started, collector: collector, state: &state) {
                let due = ContinuousClock.now + again
                state.delayed[key] = min(state.delayed[key] ?? due, due)
            }
        }
    }

    private func reconcile(_ stored: StoredObject, since started: ContinuousClock.Instant, collector: GarbageCollector,
                           state: inout LoopState) async -> Duration? {
        let object = stored.object
        if object[path: ["metadata", "deletionTimestamp"]] != nil {
            if stored.key.storageKey == "/namespaces" { return await collector.finalizeNamespace(stored) }
            if stored.key.storageKey == ResourceRegistry.crdStorageKey { return await collector.finalizeCRD(stored) }
            return await collector.finalize(stored)
        }
        if !GarbageCollector.ownerUIDs(object).isEmpty {
            await collector.collectIfOrphaned(stored, liveUIDs: state.liveUIDs)
        }
        guard let type = await context.type(stored.key.storageKey) else { return nil }
        switch stored.key.storageKey {
        case "apps/deployments":
            return await DeploymentController(context: context).reconcile(object, type: type, since: started,
                                                                          owned: collector.dependentKeys(of: object))
        case "apps/replicasets":
            let uid = object[path: ["metadata", "uid"]]?.string ?? ""
            let pods = collector.dependentKeys(of: object).union(state.ledger.pending(for: uid))
            return await ReplicaSetController(context: context).reconcile(object, type: type, pods: pods,
                                                                          firstSeen: state.firstSeen(pods),
                                                                          ledger: &state.ledger)
        case "apps/statefulsets":
            let pods = collector.dependentKeys(of: object)
            return await StatefulSetController(context: context).reconcile(object, type: type, pods: pods,
                                                                           firstSeen: state.firstSeen(pods),
                                                                           ledger: &state.ledger)
        case "apps/daemonsets":
            let uid = object[path: ["metadata", "uid"]]?.string ?? ""
            let pods = collector.dependentKeys(of: object).union(state.ledger.pending(for: uid))
            return await DaemonSetController(context: context).reconcile(object, type: type, pods: pods,
                                                                         firstSeen: state.firstSeen(pods),
                                                                         ledger: &state.ledger)
        case "batch/jobs":
            return await JobController(context: context).reconcile(object, type: type, since: started)
        case "/pods":
            // A workload's pods are run by its controller, by its readiness rules.
            guard !PodControl.isRunByController(object) else { return nil }
            await Kubelet(context: context).run(object, ready: true, podIPs: &state.ledger.addresses)
            return nil
        case "/namespaces":
            let account = await ServiceAccountController(context: context).namespace(object)
            let rootCA = await RootCACertPublisher(context: context).namespace(object)
            return [account, rootCA].compactMap { $0 }.min()
        default:
            return nil
        }
    }
}
