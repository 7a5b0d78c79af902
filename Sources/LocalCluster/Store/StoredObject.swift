import Manifests

/// Where an object lives: its resource's storage key, namespace (empty for cluster-scoped) and name.
struct ObjectKey: Sendable, Hashable, Comparable {
    var storageKey: String
    var namespace: String
    var name: String

    init(storageKey: String, namespace: String, name: String) {
        self.storageKey = storageKey
        self.namespace = namespace
        self.name = name
    }

    static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        if lhs.namespace != rhs.namespace { return lhs.namespace < rhs.namespace }
        return lhs.name < rhs.name
    }
}

/// An object as stored: its tree, its resourceVersion and its JSON text.
struct StoredObject: Sendable {
    var key: ObjectKey
    var resourceVersion: Int64
    /// The full object, `metadata.resourceVersion` included.
    var object: Node
    /// `object` as compact JSON, `apiVersion` and `kind` first.
    var json: [UInt8]

    init(key: ObjectKey, resourceVersion: Int64, object: Node, json: [UInt8]) {
        self.key = key
        self.resourceVersion = resourceVersion
        self.object = object
        self.json = json
    }

    /// Sets `metadata.resourceVersion` and serializes with `apiVersion` and `kind` leading.
    init(key: ObjectKey, resourceVersion: Int64, object: Node) throws {
        var object = object
        object[path: ["metadata", "resourceVersion"]] = .string(String(resourceVersion))
        object = StoredObject.canonicalOrder(object)
        self.init(key: key, resourceVersion: resourceVersion, object: object, json: Array(try JSON.serialize(object).utf8))
    }

    /// The JSON without its leading `"apiVersion":…,"kind":…,`, as built-in list items are sent.
    var jsonWithoutTypeMeta: ArraySlice<UInt8> {
        guard let mapping = object.mapping, mapping.entries.count > 2,
              mapping.entries[0].key.value == "apiVersion", mapping.entries[1].key.value == "kind",
              let apiVersion = mapping.entries[0].value.string, let kind = mapping.entries[1].value.string
        else { return json[...] }
        // {"apiVersion":"<v>","kind":"<k>",  → keep the opening brace, skip the rest.
        var prefix: [UInt8] = []
        JSON.writeString(apiVersion, escapeHTML: false, into: &prefix)
        var kindText: [UInt8] = []
        JSON.writeString(kind, escapeHTML: false, into: &kindText)
        let skip = 1 + 13 + prefix.count + 8 + kindText.count + 1
        guard skip < json.count else { return json[...] }
        var slice = json[(skip - 1)...]
        slice[slice.startIndex] = UInt8(ascii: "{")
        return slice
    }

    /// `apiVersion`, `kind`, `metadata` first, the rest in their order: how kubectl and Go print objects.
    static func canonicalOrder(_ object: Node) -> Node {
        guard var mapping = object.mapping else { return object }
        var head: [Mapping.Entry] = []
        for key in ["apiVersion", "kind", "metadata"] {
            if let value = mapping.removeValue(forKey: key) { head.append(.init(key: Scalar(key), value: value)) }
        }
        mapping.entries.insert(contentsOf: head, at: 0)
        return .mapping(mapping)
    }
}

/// A change the store made, as watchers see it.
struct StoreEvent: Sendable {
    enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    var kind: Kind
    /// The object after the change; for deletions, the last state with the deletion's resourceVersion.
    var object: StoredObject
    /// The object before the change, so selector watches can see objects leave their selection.
    var previous: StoredObject?
}
