import Manifests

/// The ordered resources of a build, with lookup by id that stays linear:
/// an index keyed by effective id, rebuilt only after ids may have changed.
package struct ResourceMap: Sendable {
    struct Key: Hashable {
        var group, version, kind, name, namespace: String

        init(_ id: ResourceID) {
            group = id.group
            version = id.version
            kind = id.kind
            name = id.name
            namespace = ResourceScope.effectiveNamespace(id)
        }

        /// Name and kind set ids apart almost always; equality still compares
        /// every part. Hashing all five strings was most of each lookup.
        func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            hasher.combine(kind)
        }
    }

    package private(set) var items: [BuildResource] = []
    /// The current ids, for refusing a duplicate on `append`.
    private var index = Set<Key>()
    private var indexIsCurrent = true

    package init(_ items: [BuildResource] = []) {
        self.items = items
        indexIsCurrent = false
    }

    package var count: Int { items.count }
    package var isEmpty: Bool { items.isEmpty }

    private mutating func ensureIndex() {
        guard !indexIsCurrent else { return }
        index.removeAll(keepingCapacity: true)
        for item in items { index.insert(Key(item.id)) }
        indexIsCurrent = true
    }

    /// Appends a resource; an id already present is an error, as in kustomize.
    package mutating func append(_ resource: BuildResource) throws {
        ensureIndex()
        guard index.insert(Key(resource.id)).inserted else {
            throw RenderError(.build, file: resource.origin,
                              "may not add resource with an already registered id: \(Self.describe(resource.id))")
        }
        items.append(resource)
    }

    /// Appends every resource of `other`, in order.
    ///
    /// When `other` has its ids indexed already (`indexIDs`, which the threads
    /// building bases call) and none clashes, its ids are taken in whole rather
    /// than read from each object again on the thread that merges.
    package mutating func append(contentsOf other: ResourceMap) throws {
        ensureIndex()
        if other.indexIsCurrent, other.index.count == other.items.count {
            var clash = false
            for key in other.index where !index.insert(key).inserted {
                clash = true
                break
            }
            if !clash {
                items.append(contentsOf: other.items)
                return
            }
            // Some ids went in before the clash: the appends below rebuild the index
            // from the items and refuse the first clashing resource in order.
            indexIsCurrent = false
        }
        for item in other.items { try append(item) }
    }

    /// Makes room for `count` more resources at once, so that the items and the
    /// id index of a whole environment are not regrown base by base.
    package mutating func reserveCapacity(adding count: Int) {
        items.reserveCapacity(items.count + count)
        ensureIndex()
        index.reserveCapacity(index.count + count)
    }

    /// Reads every resource's id into the index now, so that a later
    /// `append(contentsOf:)` of this map need not.
    package mutating func indexIDs() {
        ensureIndex()
    }

    /// Appends without the id check (used by components and merges that handle ids themselves).
    package mutating func appendUnchecked(_ resource: BuildResource) {
        items.append(resource)
        indexIsCurrent = false
    }

    /// Replaces the resource at `offset`.
    package mutating func replace(at offset: Int, with resource: BuildResource) {
        items[offset] = resource
        indexIsCurrent = false
    }

    /// Removes the resources at `offsets`.
    package mutating func remove(at offsets: Set<Int>) {
        items = items.enumerated().filter { !offsets.contains($0.offset) }.map(\.element)
        indexIsCurrent = false
    }

    /// Changes every resource through `body`; ids may change.
    package mutating func modifyAll(_ body: (inout BuildResource) throws -> Void) rethrows {
        indexIsCurrent = false
        for offset in items.indices { try body(&items[offset]) }
    }

    /// As `modifyAll`, on every core when the list is long (a whole environment):
    /// each resource is changed by one thread; the first error in order is thrown.
    package mutating func modifyAllConcurrently(_ body: @Sendable (inout BuildResource) throws -> Void) throws {
        indexIsCurrent = false
        try ConcurrentMap.modifyEach(&items, body)
    }

    /// Changes the resource at `offset` through `body`; its id may change.
    package mutating func modify(at offset: Int, _ body: (inout BuildResource) throws -> Void) rethrows {
        indexIsCurrent = false
        try body(&items[offset])
    }

    /// Marks `items[offset...]` as added by entry `unit` of the top `resources:`
    /// list (`UnitPlan`); ids do not change, so the index stays.
    mutating func setUnit(_ unit: Int, from offset: Int) {
        for index in offset..<items.count { items[index].unit = unit }
    }

    /// Replaces the whole list, keeping order as given.
    package mutating func setItems(_ newItems: [BuildResource]) {
        items = newItems
        indexIsCurrent = false
    }

    /// kustomize's spelling of an id in messages: `Kind.version.group/name.namespace`.
    package static func describe(_ id: ResourceID) -> String {
        let group = id.group.isEmpty ? "[noGrp]" : id.group
        let version = id.version.isEmpty ? "[noVer]" : id.version
        let kind = id.kind.isEmpty ? "[noKind]" : id.kind
        let name = id.name.isEmpty ? "[noName]" : id.name
        let namespace = id.namespace.isEmpty ? "[noNs]" : id.namespace
        return "\(kind).\(version).\(group)/\(name).\(namespace)"
    }
}
