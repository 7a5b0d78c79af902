import Manifests

/// The store's start: every row of the journal parsed into memory, the CRDs registered, and
/// damaged rows refused (or, with `repair`, quarantined).
extension ObjectStore {
    /// What the store starts from.
    struct Contents {
        var buckets: [String: Bucket] = [:]
        var registry = ResourceRegistry()
        var resourceVersion: Int64 = 1
        var repairs: [String] = []
    }

    /// How many damaged objects a message names before it says how many more there are.
    static let namedDamage = 10

    static func load(from journal: Journal, repair: Bool) throws -> Contents {
        var contents = Contents()
        contents.repairs = journal.repairs
        let loaded = try journal.load()
        var damaged = loaded.damaged
        contents.resourceVersion = max(loaded.resourceVersion, 1)
        for (key, version, json) in loaded.objects {
            guard let object = try? JSON.parse(json, source: "\(key.storageKey)/\(key.namespace)/\(key.name)") else {
                damaged.append((key, "not JSON"))
                continue
            }
            let stored = StoredObject(key: key, resourceVersion: version, object: object, json: json)
            contents.buckets[key.storageKey, default: Bucket()].objects[key] = stored
            contents.resourceVersion = max(contents.resourceVersion, version)
        }
        for key in contents.buckets.keys { contents.buckets[key]?.sortedKeys = nil }
        for crd in contents.buckets[ResourceRegistry.crdStorageKey]?.objects.values.map(\.object) ?? [] {
            contents.registry.register(crd: crd)
        }
        guard !damaged.isEmpty else { return contents }
        let names = damaged.sorted { $0.0.storageKey == $1.0.storageKey ? $0.0 < $1.0 : $0.0.storageKey < $1.0.storageKey }
            .map { "\(Self.describe($0.0, in: contents.registry)) (\($0.1))" }
        var list = names.prefix(namedDamage).joined(separator: ", ")
        if names.count > namedDamage { list += " and \(names.count - namedDamage) more" }
        let count = damaged.count == 1 ? "1 stored object is" : "\(damaged.count) stored objects are"
        guard repair else {
            throw StorageError(.damaged, message: "cannot load '\(journal.path)'", reason: "\(count) damaged: \(list)",
                               remedy: "run 'git ops cluster up --repair' to move \(damaged.count == 1 ? "it" : "them") to the table 'quarantine' and start without \(damaged.count == 1 ? "it" : "them")")
        }
        try journal.quarantine(damaged)
        contents.repairs.append("moved \(damaged.count) damaged \(damaged.count == 1 ? "object" : "objects") to the table "
            + "'quarantine' of '\(journal.path)': \(list)")
        return contents
    }

    /// `Kind/namespace/name` (or `Kind/name`), as kubectl names objects; the storage key when the
    /// kind is not known (its CRD may be among the damaged rows).
    static func describe(_ key: ObjectKey, in registry: ResourceRegistry) -> String {
        let kind = registry.find(storageKey: key.storageKey)?.kind ?? key.storageKey
        return key.namespace.isEmpty ? "\(kind)/\(key.name)" : "\(kind)/\(key.namespace)/\(key.name)"
    }
}
