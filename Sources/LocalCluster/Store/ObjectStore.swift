import Manifests

/// A store refusal the API layer turns into a Kubernetes Status.
enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case alreadyExists
    case notFound
    /// The object's resourceVersion is not the one the write was based on.
    case conflict
    /// The watch asked for history the store no longer keeps: `(asked, oldest)`.
    case expired(Int64, Int64)
    /// The write could not be committed, and is undone; after a permanent failure
    /// (`StorageError.isPermanent`) the store accepts no more writes.
    case unavailable(StorageError)

    var description: String {
        switch self {
        case .alreadyExists: "the object already exists"
        case .notFound: "the object does not exist"
        case .conflict: "the object has been modified"
        case .expired(let asked, let oldest): "too old resource version: \(asked) (\(oldest))"
        case .unavailable(let failure): failure.description
        }
    }
}

/// A write the store applies atomically: the resourceVersion check, the new version and its event.
enum StoreWrite: Sendable {
    case create(ObjectKey, Node)
    case update(ObjectKey, Node, expected: Int64)
    /// Removes the object; `last` is the state the DELETED event carries (the live one when `nil`).
    case delete(ObjectKey, expected: Int64?, last: Node? = nil)
}

/// What a watcher receives: changes in resourceVersion order, and bookmarks.
enum WatchMessage: Sendable {
    case event(StoreEvent)
    case bookmark(Int64)
}

/// Every object of the cluster, the resourceVersion counter, the served kinds and the watch history.
///
/// Writes change memory at once and are acknowledged after the journal made them
/// durable. The journal commits whatever accumulated while the previous commit ran
/// (group commit), so concurrent writers share one fsync. Watchers get events in
/// resourceVersion order, only once they are durable. A commit that fails is undone in
/// memory, with every write made after it (they may build on it), so readers never see
/// a write that was refused; the resourceVersion counter does not go back, since a
/// reader may have seen the numbers handed out.
actor ObjectStore {
    struct Bucket {
        var objects: [ObjectKey: StoredObject] = [:]
        var sortedKeys: [ObjectKey]? = []
    }

    struct Watcher {
        var storageKey: String?
        var namespace: String?
        var since: Int64
        var continuation: AsyncStream<WatchMessage>.Continuation
    }

    private let journal: Journal?
    private var buckets: [String: Bucket] = [:]
    private var resourceVersion: Int64
    private var deliveredVersion: Int64
    private(set) var registry = ResourceRegistry()

    private var pendingRecords: [JournalRecord] = []
    private var pendingEvents: [StoreEvent] = []
    private var pendingWaiters: [CheckedContinuation<Void, Error>] = []
    private var flushing = false
    /// A permanent commit failure: the store refuses every later write.
    private var failure: StorageError?

    private var history: [StoreEvent] = []
    private var historyStart: Int64
    private let historyLimit: Int
    private var watchers: [Int: Watcher] = [:]
    private var nextWatcherID = 0

    /// What `--repair` set aside or dropped at start, a sentence each.
    let repairs: [String]

    /// Opens the store in `directory`, or in memory only when it is `nil`; `fsync` makes every
    /// commit wait for the disk (see `Journal`); `repair` starts from what can be read of damaged
    /// storage, which is refused otherwise; `space` limits how much the database may grow
    /// (`FaultInjector.databaseSpace`).
    init(directory: String?, fsync: Bool = true, repair: Bool = false, space: Int? = nil,
         historyLimit: Int = 20_000) throws {
        self.historyLimit = historyLimit
        var contents = Contents()
        if let directory {
            let journal = try Journal(directory: directory, fsync: fsync, repair: repair)
            if let space { try journal.limitGrowth(to: space) }
            contents = try Self.load(from: journal, repair: repair)
            self.journal = journal
        } else {
            journal = nil
        }
        self.buckets = contents.buckets
        self.registry = contents.registry
        self.repairs = contents.repairs
        self.resourceVersion = contents.resourceVersion
        self.deliveredVersion = contents.resourceVersion
        self.historyStart = contents.resourceVersion
    }

    // MARK: reading

    /// The last resourceVersion handed out.
    var currentResourceVersion: Int64 { resourceVersion }

    func get(_ key: ObjectKey) -> StoredObject? {
        buckets[key.storageKey]?.objects[key]
    }

    /// The object and, for a namespaced key, its namespace: what a create needs, in one call.
    func lookup(_ key: ObjectKey) -> (object: StoredObject?, namespace: StoredObject?) {
        let namespace = key.namespace.isEmpty ? nil
            : buckets["/namespaces"]?.objects[ObjectKey(storageKey: "/namespaces", namespace: "", name: key.namespace)]
        return (get(key), namespace)
    }

    /// The objects of one resource, sorted by namespace and name, and the current resourceVersion.
    func list(storageKey: String, namespace: String?) -> (items: [StoredObject], resourceVersion: Int64) {
        guard var bucket = buckets[storageKey] else { return ([], resourceVersion) }
        let keys: [ObjectKey]
        if let sorted = bucket.sortedKeys {
            keys = sorted
        } else {
            keys = bucket.objects.keys.sorted()
            bucket.sortedKeys = keys
            buckets[storageKey] = bucket
        }
        var items: [StoredObject] = []
        items.reserveCapacity(keys.count)
        for key in keys where namespace == nil || key.namespace == namespace {
            if let object = bucket.objects[key] { items.append(object) }
        }
        return (items, resourceVersion)
    }

    /// Every object in `namespace`, of every resource.
    func objects(inNamespace namespace: String) -> [StoredObject] {
        buckets.values.flatMap { $0.objects.values.filter { $0.key.namespace == namespace } }
    }

    /// Every stored object, for the garbage collector.
    func allObjects() -> [StoredObject] {
        buckets.values.flatMap { $0.objects.values }
    }

    // MARK: writing

    /// Applies `write` and returns once it is durable: the stored object (for a delete, its last
    /// state carrying the deletion's resourceVersion).
    @discardableResult
    func commit(_ write: StoreWrite) async throws -> StoredObject {
        if let failure { throw StoreError.unavailable(failure) }
        let event: StoreEvent
        switch write {
        case .create(let key, let object):
            guard get(key) == nil else { throw StoreError.alreadyExists }
            resourceVersion += 1
            let stored = try StoredObject(key: key, resourceVersion: resourceVersion, object: object)
            put(stored)
            event = StoreEvent(kind: .added, object: stored, previous: nil)
        case .update(let key, let object, let expected):
            guard let live = get(key) else { throw StoreError.notFound }
            guard live.resourceVersion == expected else { throw StoreError.conflict }
            resourceVersion += 1
            let stored = try StoredObject(key: key, resourceVersion: resourceVersion, object: object)
            put(stored)
            event = StoreEvent(kind: .modified, object: stored, previous: live)
        case .delete(let key, let expected, let last):
            guard let live = get(key) else { throw StoreError.notFound }
            if let expected, live.resourceVersion != expected { throw StoreError.conflict }
            resourceVersion += 1
            let stored = try StoredObject(key: key, resourceVersion: resourceVersion, object: last ?? live.object)
            buckets[key.storageKey]?.objects[key] = nil
            buckets[key.storageKey]?.sortedKeys = nil
            pendingRecords.append(.delete(key))
            event = StoreEvent(kind: .deleted, object: stored, previous: live)
        }
        if event.object.key.storageKey == ResourceRegistry.crdStorageKey {
            if event.kind == .deleted {
                registry.unregister(crdName: event.object.key.name)
            } else {
                registry.register(crd: event.object.object)
            }
        }
        pendingEvents.append(event)
        if journal == nil {
            deliverPending()
            return event.object
        }
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, Error>) in
            pendingWaiters.append(waiter)
            startFlush()
        }
        return event.object
    }

    private func put(_ stored: StoredObject) {
        let key = stored.key
        if buckets[key.storageKey]?.objects[key] == nil { buckets[key.storageKey, default: Bucket()].sortedKeys = nil }
        buckets[key.storageKey, default: Bucket()].objects[key] = stored
        pendingRecords.append(.put(key, resourceVersion: stored.resourceVersion, json: stored.json))
    }

    private func startFlush() {
        guard !flushing, !pendingWaiters.isEmpty, let journal else { return }
        flushing = true
        let records = pendingRecords
        let events = pendingEvents
        let waiters = pendingWaiters
        pendingRecords = []
        pendingEvents = []
        pendingWaiters = []
        journal.commit(records, resourceVersion: resourceVersion) { error in
            Task(executorPreference: ClusterExecutor.shared) { await self.finishFlush(events: events, waiters: waiters, error: error) }
        }
    }

    private func finishFlush(events: [StoreEvent], waiters: [CheckedContinuation<Void, Error>], error: StorageError?) {
        flushing = false
        if let error {
            // The writes made while this commit ran may build on it: they are undone too.
            let later = pendingWaiters
            undo(events + pendingEvents)
            pendingRecords = []
            pendingEvents = []
            pendingWaiters = []
            if error.isPermanent { failure = error }
            for waiter in waiters + later { waiter.resume(throwing: StoreError.unavailable(error)) }
            return
        }
        deliver(events)
        for waiter in waiters { waiter.resume() }
        startFlush()
    }

    /// Puts back what `events` changed, last first: each key gets the object it had before.
    private func undo(_ events: [StoreEvent]) {
        for event in events.reversed() {
            let key = event.object.key
            if let previous = event.previous {
                if buckets[key.storageKey]?.objects[key] == nil { buckets[key.storageKey]?.sortedKeys = nil }
                buckets[key.storageKey, default: Bucket()].objects[key] = previous
            } else {
                buckets[key.storageKey]?.objects[key] = nil
                buckets[key.storageKey]?.sortedKeys = nil
            }
            if key.storageKey == ResourceRegistry.crdStorageKey {
                if let previous = event.previous {
                    registry.register(crd: previous.object)
                } else {
                    registry.unregister(crdName: key.name)
                }
            }
        }
    }

    private func deliverPending() {
        let events = pendingEvents
        pendingEvents = []
        pendingRecords = []
        deliver(events)
    }

    private func deliver(_ events: [StoreEvent]) {
        for event in events {
            deliveredVersion = event.object.resourceVersion
            history.append(event)
            for (_, watcher) in watchers where watcher.accepts(event) {
                watcher.continuation.yield(.event(event))
            }
        }
        if history.count > historyLimit {
            let drop = history.count - historyLimit / 2
            historyStart = history[drop - 1].object.resourceVersion
            history.removeFirst(drop)
        }
    }

    // MARK: watching

    /// Starts a watch of one resource (or of everything when `storageKey` is `nil`).
    ///
    /// With `since` set, replays every retained change after it; without, returns the current
    /// objects as `initial` and streams what happens after them.
    func watch(storageKey: String?, namespace: String?, since: Int64?)
        throws -> (id: Int, stream: AsyncStream<WatchMessage>, initial: [StoredObject]?)
    {
        if let since, since < historyStart {
            throw StoreError.expired(since, historyStart)
        }
        let (stream, continuation) = AsyncStream<WatchMessage>.makeStream()
        let start = since ?? resourceVersion
        let watcher = Watcher(storageKey: storageKey, namespace: namespace, since: start, continuation: continuation)
        var initial: [StoredObject]?
        if since != nil {
            for event in history where watcher.accepts(event) { continuation.yield(.event(event)) }
        } else if let storageKey {
            initial = list(storageKey: storageKey, namespace: namespace).items
        } else {
            initial = allObjects()
        }
        nextWatcherID += 1
        watchers[nextWatcherID] = watcher
        let id = nextWatcherID
        continuation.onTermination = { _ in Task(executorPreference: ClusterExecutor.shared) { await self.stopWatch(id) } }
        return (id, stream, initial)
    }

    func stopWatch(_ id: Int) {
        watchers.removeValue(forKey: id)?.continuation.finish()
    }

    /// Sends a bookmark at the last delivered resourceVersion to one watcher.
    func bookmark(_ id: Int) {
        guard let watcher = watchers[id] else { return }
        watcher.continuation.yield(.bookmark(max(deliveredVersion, watcher.since)))
    }

    /// Ends every watch, as a server shutting down does.
    func closeWatches() {
        for watcher in watchers.values { watcher.continuation.finish() }
        watchers = [:]
    }
}

extension ObjectStore.Watcher {
    func accepts(_ event: StoreEvent) -> Bool {
        if event.object.resourceVersion <= since { return false }
        if let storageKey, event.object.key.storageKey != storageKey { return false }
        if let namespace, event.object.key.namespace != namespace { return false }
        return true
    }
}
