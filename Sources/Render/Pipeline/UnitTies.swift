import Digests
import Manifests

/// What could tie one unit of a render by units (`UnitRender`) to another,
/// as sorted lists of 64-bit hashes (`FNV1a`; a collision can only make two
/// units look tied, never hide a tie).
///
/// kustomize fixes a reference to a renamed object across the whole build:
/// a namespaced object's string that names an object of its namespace, any
/// string that names a cluster-scoped object, and a cluster-scoped object's
/// string that names any object. Names are kept with the object's namespace
/// and without; strings the same way. An object without a namespace counts
/// as cluster-scoped, which can only find more ties.
package struct UnitTies: Sendable, Equatable {
    /// Every name the unit's objects had (before and after renames, with hash
    /// suffixes): of objects with a namespace, with it (`namespace NUL name`);
    /// of the others; of all, alone.
    package var namespacedNames: [UInt64] = []
    package var clusterNames: [UInt64] = []
    package var names: [UInt64] = []
    /// The strings its objects hold before references are fixed: of objects
    /// with a namespace, with it; of all, alone; of objects without a namespace, alone.
    package var namespacedStrings: [UInt64] = []
    package var strings: [UInt64] = []
    package var clusterStrings: [UInt64] = []
    /// The ids its objects were added to the environment with (two units adding one id fail to render).
    package var addedIDs: [UInt64] = []
    /// The rendered objects' ids without their version (`ObjectChecks`' duplicate rule).
    package var objectIDs: [UInt64] = []

    package init() {}

    /// The lists in a fixed order, for storing them.
    package var lists: [[UInt64]] {
        get { [namespacedNames, clusterNames, names, namespacedStrings, strings, clusterStrings, addedIDs, objectIDs] }
        set {
            precondition(newValue.count == Self.listCount)
            (namespacedNames, clusterNames, names, namespacedStrings, strings, clusterStrings, addedIDs, objectIDs)
                = (newValue[0], newValue[1], newValue[2], newValue[3], newValue[4], newValue[5], newValue[6], newValue[7])
        }
    }

    package static let listCount = 8

    /// Whether a reference kustomize fixes could lead from an object of `self` to one of `other`.
    package func mayRefer(to other: UnitTies) -> Bool {
        Self.intersect(namespacedStrings, other.namespacedNames) || Self.intersect(strings, other.clusterNames)
            || Self.intersect(clusterStrings, other.names)
    }

    /// Whether an object of `self` and one of `other` have one id.
    package func sharesID(with other: UnitTies) -> Bool {
        Self.intersect(addedIDs, other.addedIDs) || Self.intersect(objectIDs, other.objectIDs)
    }

    /// `all` as one unit: every list joined, sorted, each hash once.
    package static func joined(_ all: [UnitTies]) -> UnitTies {
        var joined = UnitTies()
        joined.lists = (0..<listCount).map { list in Set(all.flatMap { $0.lists[list] }).sorted() }
        return joined
    }

    /// Whether sorted `hashes` holds `value`.
    package static func contains(_ hashes: [UInt64], _ value: UInt64) -> Bool {
        var low = 0
        var high = hashes.count
        while low < high {
            let middle = (low + high) / 2
            if hashes[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < hashes.count && hashes[low] == value
    }

    /// Whether the sorted `a` and `b` share a value.
    package static func intersect(_ a: [UInt64], _ b: [UInt64]) -> Bool {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        guard !small.isEmpty else { return false }
        return small.contains { contains(large, $0) }
    }

    // MARK: - Gathering, unsorted until `joined`

    /// `added` names of an object in `namespace` (empty: none, or cluster-scoped).
    mutating func add(names added: [String], namespace: String) {
        let seed = FNV1a.hash(namespace + "\0")
        for name in added {
            names.append(FNV1a.hash(name))
            if namespace.isEmpty { clusterNames.append(FNV1a.hash(name)) } else { namespacedNames.append(FNV1a.hash(name, seed: seed)) }
        }
    }

    /// The strings of `object`, in `namespace`.
    mutating func add(strings object: Node, namespace: String) {
        var plain: [UInt64] = []
        if namespace.isEmpty {
            Self.collectStrings(object, into: &plain)
            clusterStrings += plain
        } else {
            var scoped: [UInt64] = []
            Self.collectStrings(object, seed: FNV1a.hash(namespace + "\0"), into: &plain, scoped: &scoped)
            namespacedStrings += scoped
        }
        strings += plain
    }

    /// The hashes of every scalar value in `node` (mapping keys are field names, not references).
    static func collectStrings(_ node: Node, into hashes: inout [UInt64]) {
        switch node {
        case .scalar(let scalar):
            hashes.append(FNV1a.hash(scalar.value))
        case .mapping(let mapping):
            for entry in mapping.entries { collectStrings(entry.value, into: &hashes) }
        case .sequence(let items):
            for item in items { collectStrings(item, into: &hashes) }
        }
    }

    /// As `collectStrings(_:into:)`, and each value also hashed on from `seed`
    /// into `scoped`, in one pass over its bytes.
    static func collectStrings(_ node: Node, seed: UInt64, into hashes: inout [UInt64], scoped: inout [UInt64]) {
        switch node {
        case .scalar(let scalar):
            var value = scalar.value
            value.withUTF8 { bytes in
                var plain = FNV1a.offsetBasis
                var seeded = seed
                for byte in bytes {
                    plain = (plain ^ UInt64(byte)) &* FNV1a.prime
                    seeded = (seeded ^ UInt64(byte)) &* FNV1a.prime
                }
                hashes.append(plain)
                scoped.append(seeded)
            }
        case .mapping(let mapping):
            for entry in mapping.entries { collectStrings(entry.value, seed: seed, into: &hashes, scoped: &scoped) }
        case .sequence(let items):
            for item in items { collectStrings(item, seed: seed, into: &hashes, scoped: &scoped) }
        }
    }
}
