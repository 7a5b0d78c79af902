import Manifests
#if canImport(Glibc)
import Glibc
#endif

/// kustomize's default ("legacy") output order: some kinds first, some last,
/// every other kind in between, then by group/version/kind, namespace and name.
///
/// The lists are kustomize's `orderFirst` and `orderLast` (kyaml's resid
/// package); `sortOptions.legacySortOptions` may replace them.
package struct LegacyOrder: Sendable {
    package static let defaultFirst = [
        "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
        "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret",
        "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
        "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
    ]
    package static let defaultLast = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

    let rank: [String: Int]

    /// The default order, built once.
    package static let standard = LegacyOrder()

    package init(first: [String] = LegacyOrder.defaultFirst, last: [String] = LegacyOrder.defaultLast) {
        var rank: [String: Int] = [:]
        // Kinds first get negative ranks, kinds last positive ones, everything else 0;
        // a kind listed twice keeps its last place, as kustomize's map does.
        for (index, kind) in first.enumerated() { rank[kind] = index - first.count }
        for (index, kind) in last.enumerated() { rank[kind] = index + 1 }
        self.rank = rank
    }

    /// The sort key of an id: rank, then `group_version_kind` (empty parts as
    /// `~G`, `~V`, `~K`), then `namespace|name` as one string (empty parts as `~X`, `~N`).
    ///
    /// Two Namespaces of different types compare the other way round when either
    /// is in the core group, as kustomize's ordering does: core Namespaces come
    /// before the others, and among themselves by descending version string.
    struct Key {
        var rank: Int
        var gvk: String
        /// `namespace|name` as UTF-8 bytes, compared byte by byte as Go compares strings.
        var namespaceAndName: [UInt8]
        var isNamespace = false
        var isCore = false

        static func less(_ a: Key, _ b: Key) -> Bool {
            if a.gvk != b.gvk {
                if a.rank != b.rank { return a.rank < b.rank }
                if a.isNamespace && b.isNamespace && (a.isCore || b.isCore) {
                    return b.gvk.utf8.lexicographicallyPrecedes(a.gvk.utf8)
                }
                return a.gvk.utf8.lexicographicallyPrecedes(b.gvk.utf8)
            }
            return LegacyOrder.compare(a.namespaceAndName, b.namespaceAndName) < 0
        }
    }

    func key(_ id: ResourceID) -> Key {
        let group = id.group.isEmpty ? "~G" : id.group
        let version = id.version.isEmpty ? "~V" : id.version
        let kind = id.kind.isEmpty ? "~K" : id.kind
        let namespace = id.namespace.isEmpty ? "~X" : id.namespace
        let name = id.name.isEmpty ? "~N" : id.name
        var namespaceAndName: [UInt8] = []
        namespaceAndName.reserveCapacity(namespace.utf8.count + 1 + name.utf8.count)
        namespaceAndName.append(contentsOf: namespace.utf8)
        namespaceAndName.append(UInt8(ascii: "|"))
        namespaceAndName.append(contentsOf: name.utf8)
        return Key(rank: rank[id.kind] ?? 0, gvk: "\(group)_\(version)_\(kind)", namespaceAndName: namespaceAndName,
                   isNamespace: id.kind == "Namespace", isCore: id.group.isEmpty)
    }

    /// `items` sorted by the ids `id` gives; items with equal ids keep their order.
    package func sorted<T: Sendable>(_ items: [T], id: @Sendable (T) -> ResourceID) -> [T] {
        // Reading ids and making keys is most of the work; on a whole environment it runs on every core.
        let keys = items.count >= 512
            ? ConcurrentMap.map(count: items.count) { key(id(items[$0])) }
            : items.map { key(id($0)) }
        // An environment has thousands of objects but few group/version/kinds: those
        // are put in order once, and each comparison is then of two numbers, or of
        // the namespaces and names as bytes, rather than of strings twice over.
        var sample: [String: Int] = [:]
        for index in keys.indices where sample[keys[index].gvk] == nil { sample[keys[index].gvk] = index }
        var place: [String: Int] = [:]
        for (position, index) in sample.values.sorted(by: { Key.less(keys[$0], keys[$1]) }).enumerated() {
            place[keys[index].gvk] = position
        }
        let places = keys.map { place[$0.gvk] ?? 0 }
        let order = items.indices.sorted { a, b in
            if places[a] != places[b] { return places[a] < places[b] }
            let compared = Self.compare(keys[a].namespaceAndName, keys[b].namespaceAndName)
            return compared != 0 ? compared < 0 : a < b
        }
        return order.map { items[$0] }
    }

    /// `a` against `b` byte by byte, as Go compares strings: negative, zero or positive.
    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let common = min(a.count, b.count)
        let compared = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in common == 0 ? 0 : Int(memcmp(a.baseAddress!, b.baseAddress!, common)) }
        }
        return compared != 0 ? compared : a.count - b.count
    }
}
