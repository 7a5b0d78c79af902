import Kube
import Manifests
import Plan

/// The reconciler's view of one cluster: the client, and what a sync asks of
/// it before acting — where each object lives (namespaced or not), the live
/// objects of a set of keys, and what applying would make of the desired set.
package struct ClusterView: Sendable {
    /// The client, connected as the environment's kubeconfig context says.
    package let client: KubeClient

    package init(client: KubeClient) {
        self.client = client
    }

    /// The namespace objects without one get: the context's, else `default`.
    package var defaultNamespace: String { client.connection.namespace }

    /// `objects` with the context's namespace set on namespaced objects that name
    /// none, and no namespace on cluster-scoped ones, as kubectl applies them.
    /// A kind the cluster does not serve yet is judged by the
    /// CustomResourceDefinitions among `objects` (applied first by the sync).
    package func defaultingNamespaces(_ objects: [Node]) async throws -> [Node] {
        let definitions = Self.definedScopes(objects)
        var result: [Node] = []
        for object in objects {
            let id = Resource(object).id
            let namespaced: Bool
            do {
                namespaced = try await client.resource(for: GroupVersionKind(group: id.group, version: id.version, kind: id.kind)).namespaced
            } catch let error as KubeError where error.code == .unknownKind {
                guard let scope = definitions["\(id.kind).\(id.group)"] else {
                    throw ReconcileError(.cluster, "cannot place \(id): the cluster '\(client.connection.server)' serves no \(id.kind) in \(id.apiVersion), and the render has no CustomResourceDefinition for it")
                }
                namespaced = scope
            }
            var placed = object
            placed.modifyMapping { mapping in
                guard var metadata = mapping["metadata"] else { return }
                metadata.modifyMapping { fields in
                    if namespaced, id.namespace.isEmpty { fields["namespace"] = .string(defaultNamespace) }
                    if !namespaced { fields.removeValue(forKey: "namespace") }
                }
                mapping["metadata"] = metadata
            }
            result.append(placed)
        }
        return result
    }

    /// `Kind.group` to namespaced-or-not, for the kinds the render's CRDs define.
    static func definedScopes(_ objects: [Node]) -> [String: Bool] {
        var scopes: [String: Bool] = [:]
        for object in objects where Resource(object).kind == "CustomResourceDefinition" {
            guard let group = object[path: ["spec", "group"]]?.text, let kind = object[path: ["spec", "names", "kind"]]?.text else { continue }
            scopes["\(kind).\(group)"] = object[path: ["spec", "scope"]]?.text != "Cluster"
        }
        return scopes
    }

    /// The version the cluster prefers for `key`'s group and kind; `nil` when it serves none.
    package func preferredKind(of key: ObjectKey) async throws -> GroupVersionKind? {
        let matches = try await client.resources().filter { $0.kind.group == key.group && $0.kind.kind == key.kind && !$0.name.contains("/") }
        return (matches.first { $0.preferred } ?? matches.first)?.kind
    }

    /// The live objects of `keys` that exist, at most `concurrency` requests at
    /// once; a kind the cluster does not serve has no objects. With a label
    /// `selector` (an ApplySet's `part-of`), each kind and namespace holding
    /// several keys is first listed by it, one request for what would be many
    /// reads; only the keys the list did not find (new objects, objects others
    /// made) are then read one by one.
    package func live(_ keys: [ObjectKey], selector: String? = nil, concurrency: Int = 16) async throws -> [ObjectKey: Node] {
        var kinds: [String: GroupVersionKind?] = [:]
        for key in keys where kinds[key.groupKind] == nil {
            kinds[key.groupKind] = .some(try await preferredKind(of: key))
        }
        let resolved = kinds
        var found: [ObjectKey: Node] = [:]
        var remaining = keys
        if let selector {
            let groups = Dictionary(grouping: keys) { Scope(groupKind: $0.groupKind, namespace: $0.namespace) }
            let listed = groups.filter { $0.value.count > 1 && resolved[$0.key.groupKind] != nil }.map(\.key)
            let wanted = Set(keys)
            try await forEach(listed, concurrency: concurrency) { [client] scope in
                guard let kind = resolved[scope.groupKind] ?? nil else { return [] }
                let list = try await client.list(kind, namespace: scope.namespace.isEmpty ? nil : scope.namespace, labelSelector: selector)
                return list.items.map { (ObjectKey(of: $0), $0) }
            } into: { key, object in
                if wanted.contains(key) { found[key] = object }
            }
            remaining = keys.filter { found[$0] == nil }
        }
        try await forEach(remaining, concurrency: concurrency) { [client] key in
            guard let kind = resolved[key.groupKind] ?? nil else { return [] }
            guard let object = try await client.get(kind, name: key.name, namespace: key.namespace.isEmpty ? nil : key.namespace) else { return [] }
            return [(key, object)]
        } into: { key, object in
            found[key] = object
        }
        return found
    }

    /// One kind in one namespace (`""` for cluster scope).
    struct Scope: Hashable {
        var groupKind: String
        var namespace: String
    }

    /// Runs `read` for every item, at most `concurrency` at once, and hands what each found to `collect`.
    private func forEach<Item: Sendable>(
        _ items: [Item], concurrency: Int,
        _ read: @escaping @Sendable (Item) async throws -> [(ObjectKey, Node)],
        into collect: (ObjectKey, Node) -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: [(ObjectKey, Node)].self) { group in
            var pending = items[...]
            func start() {
                guard let item = pending.popFirst() else { return }
                group.addTask { try await read(item) }
            }
            for _ in 0..<concurrency { start() }
            while let results = try await group.next() {
                for (key, object) in results { collect(key, object) }
                start()
            }
        }
    }

    /// What applying each object would make of it (a server-side dry-run), by
    /// key. An object the server cannot judge yet — its namespace or its kind
    /// is made by this same sync — has no result; any other refusal is an
    /// error naming the object.
    package func dryRun(_ objects: [Node], concurrency: Int = 16) async throws -> [ObjectKey: Node] {
        var results: [ObjectKey: Node] = [:]
        try await forEach(objects, concurrency: concurrency) { [client] object in
            do {
                return [(ObjectKey(of: object), try await client.apply(object, force: true, dryRun: true).object)]
            } catch let error as KubeError where error.code == .unknownKind || error.httpStatus == 404 {
                return []
            }
        } into: { key, object in
            results[key] = object
        }
        return results
    }
}
