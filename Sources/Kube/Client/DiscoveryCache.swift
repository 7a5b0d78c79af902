/// The resources a cluster serves, fetched once and kept; a kind it does not know makes it
/// fetch again, once, before the kind is called unknown (a CRD applied a moment ago adds
/// kinds, as kubectl finds when its cache misses). Concurrent lookups share one fetch.
actor DiscoveryCache {
    private let fetch: @Sendable () async throws -> [APIResource]
    private var resources: [GroupVersionKind: APIResource]?
    private var all: [APIResource] = []
    /// Bumped by every fetch, so a miss refreshes only what it saw, not a newer answer.
    private var generation = 0
    private var fetching: Task<Void, any Error>?

    init(fetch: @escaping @Sendable () async throws -> [APIResource]) {
        self.fetch = fetch
    }

    /// The resource serving `kind`; nil when even a fresh discovery does not know it.
    func resource(for kind: GroupVersionKind) async throws -> APIResource? {
        if resources == nil { try await refresh(from: generation) }
        if let resource = resources?[kind] { return resource }
        try await refresh(from: generation)
        return resources?[kind]
    }

    /// Every resource, fetched when there is none yet.
    func everything() async throws -> [APIResource] {
        if resources == nil { try await refresh(from: generation) }
        return all
    }

    /// Fetches again, unless a fetch since `seen` already did.
    ///
    /// The fetch stores its answer before it ends (the task runs on this
    /// actor), so every caller that waited for it finds the answer there:
    /// when the starter stored it after its own wait, a caller woken first saw
    /// nothing yet, and four workers sharing a new client were told the
    /// cluster served no Namespace.
    func refresh(from seen: Int) async throws {
        if let fetching {
            try await fetching.value
            return
        }
        guard seen == generation else { return }
        let task = Task { [fetch] in
            defer { fetching = nil }
            let fetched = try await fetch()
            all = fetched
            var map: [GroupVersionKind: APIResource] = [:]
            for resource in fetched where map[resource.kind] == nil { map[resource.kind] = resource }
            resources = map
            generation += 1
        }
        fetching = task
        try await task.value
    }

    /// Fetches again now.
    func refresh() async throws {
        try await refresh(from: generation)
    }
}
