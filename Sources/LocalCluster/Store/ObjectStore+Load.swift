import Manifests

/// The store's start: every row of the journal parsed into memory and the CRDs registered.
extension ObjectStore {
    /// What the store starts from.
    struct Contents {
        var buckets: [String: Bucket] = [:]
        var registry = ResourceRegistry()
        var resourceVersion: Int64 = 1
        var repairs: [String] = []
    }

    static func load(from journal: Journal, repair: Bool) throws -> Contents {
        var contents = Contents()
        contents.repairs = journal.repairs
        let loaded = try journal.load()
        contents.resourceVersion = max(loaded.resourceVersion, 1)
        for (key, version, json) in loaded.objects {
            let object = try JSON.parse(json, source: "\(key.storageKey)/\(key.namespace)/\(key.name)")
            let stored = StoredObject(key: key, resourceVersion: version, object: object, json: json)
            contents.buckets[key.storageKey, default: Bucket()].objects[key] = stored
            contents.resourceVersion = max(contents.resourceVersion, version)
        }
        for key in contents.buckets.keys { contents.buckets[key]?.sortedKeys = nil }
        for crd in contents.buckets[ResourceRegistry.crdStorageKey]?.objects.values.map(\.object) ?? [] {
            contents.registry.register(crd: crd)
        }
        return contents
    }
}
