import Manifests
import NIOHTTP1

/// Server-side apply, get, list and delete, by kind: discovery gives each kind's path.
/// An object that names no namespace, and a call that passes none, use the connection's
/// (the context's namespace, else `default`), as kubectl does; `list` with none lists every
/// namespace.
extension KubeClient {
    /// Applies `object` with server-side apply (`fieldManager` defaults to the options'):
    /// `force` takes over fields other managers own instead of failing with 409, `dryRun`
    /// changes nothing and returns what would be. Idempotent, so retried like a read.
    package func apply(_ object: Node, fieldManager: String? = nil, force: Bool = false, dryRun: Bool = false) async throws -> AppliedObject {
        let identity = Resource(object).id
        let kind = GroupVersionKind(group: identity.group, version: identity.version, kind: identity.kind)
        guard !identity.name.isEmpty, !identity.kind.isEmpty, !identity.version.isEmpty else {
            throw KubeError(.invalidObject, "cannot apply \(identity): an object needs apiVersion, kind and metadata.name")
        }
        let resource = try await resource(for: kind)
        let namespace = resource.namespaced ? (identity.namespace.isEmpty ? connection.namespace : identity.namespace) : nil
        let action = "apply \(Self.subject(kind, namespace, identity.name))\(dryRun ? " (dry run)" : "")"
        var query = [("fieldManager", fieldManager ?? options.fieldManager), ("force", force ? "true" : "false"),
                     ("fieldValidation", "Strict")]
        if dryRun { query.append(("dryRun", "All")) }
        let body = try JSON.serialize(Self.applyConfiguration(object, namespace: namespace))
        let request = KubeRequest(method: .PATCH, path: resource.path(namespace: namespace, name: identity.name) + PathSegment.query(query),
                                  body: Array(body.utf8), contentType: "application/apply-patch+yaml", idempotent: true, action: action)
        let response = try await transport.send(request).checked(action)
        return AppliedObject(object: try Self.document(response, action), created: response.status == 201, warnings: response.warnings)
    }

    /// The object as an apply configuration: the namespace set as the request's, and the
    /// metadata the server owns left out (a stale `resourceVersion` or `uid` would be a
    /// precondition; `managedFields` is refused in an apply).
    static func applyConfiguration(_ object: Node, namespace: String?) -> Node {
        var configuration = object
        configuration.modifyMapping { mapping in
            guard var metadata = mapping["metadata"] else { return }
            metadata.modifyMapping { fields in
                for key in ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink"] {
                    fields.removeValue(forKey: key)
                }
                if let namespace { fields["namespace"] = .string(namespace) } else { fields.removeValue(forKey: "namespace") }
            }
            mapping["metadata"] = metadata
        }
        return configuration
    }

    /// Creates `object` (POST); `nil` when an object of its name exists already (409),
    /// so that of two clients creating one object exactly one succeeds. Not retried
    /// after a request that may have reached the server.
    package func create(_ object: Node) async throws -> Node? {
        try await write(object, method: .POST, verb: "create", idempotent: false)
    }

    /// Replaces `object` (PUT) if its `metadata.resourceVersion` is still the
    /// server's; `nil` when another writer changed it first (409).
    package func replace(_ object: Node) async throws -> Node? {
        try await write(object, method: .PUT, verb: "replace", idempotent: true)
    }

    /// Writes `object` whole; `nil` on a conflict (409).
    func write(_ object: Node, method: HTTPMethod, verb: String, idempotent: Bool) async throws -> Node? {
        let (resource, kind, namespace, name) = try await target(of: object, doing: verb)
        let action = "\(verb) \(Self.subject(kind, namespace, name))"
        let path = resource.path(namespace: namespace, name: method == .POST ? nil : name)
        let request = KubeRequest(method: method, path: path, body: Array(try JSON.serialize(object).utf8), contentType: "application/json",
                                  idempotent: idempotent, action: action)
        let response = try await transport.send(request)
        if response.status == 409 { return nil }
        return try Self.document(try response.checked(action), action)
    }

    /// The resource, kind, namespace and name an object is written to.
    func target(of object: Node, doing verb: String) async throws -> (APIResource, GroupVersionKind, String?, String) {
        let identity = Resource(object).id
        let kind = GroupVersionKind(group: identity.group, version: identity.version, kind: identity.kind)
        guard !identity.name.isEmpty, !identity.kind.isEmpty, !identity.version.isEmpty else {
            throw KubeError(.invalidObject, "cannot \(verb) \(identity): an object needs apiVersion, kind and metadata.name")
        }
        let resource = try await resource(for: kind)
        let namespace = resource.namespaced ? (identity.namespace.isEmpty ? connection.namespace : identity.namespace) : nil
        return (resource, kind, namespace, identity.name)
    }

    /// The object `name` of `kind`; nil when there is none.
    package func get(_ kind: GroupVersionKind, name: String, namespace: String? = nil) async throws -> Node? {
        let resource = try await resource(for: kind)
        let namespace = resource.namespaced ? namespace ?? connection.namespace : nil
        let action = "get \(Self.subject(kind, namespace, name))"
        let response = try await transport.send(KubeRequest(method: .GET, path: resource.path(namespace: namespace, name: name),
                                                            idempotent: true, action: action))
        if response.status == 404 { return nil }
        return try Self.document(try response.checked(action), action)
    }

    /// Every object of `kind` in `namespace` (every namespace when nil) that the selectors
    /// match, read a page of `options.pageSize` at a time. A continue token that expired
    /// (410) starts the list again, in one piece, as client-go's pager does.
    package func list(_ kind: GroupVersionKind, namespace: String? = nil, labelSelector: String? = nil,
                      fieldSelector: String? = nil) async throws -> ObjectList {
        let resource = try await resource(for: kind)
        let namespace = resource.namespaced ? namespace : nil
        let action = "list \(kind.kind) objects\(namespace.map { " in namespace '\($0)'" } ?? "")"
        var selectors: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { selectors.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { selectors.append(("fieldSelector", fieldSelector)) }
        var items: [Node] = []
        var token: String?
        var paged = true
        while true {
            var query = selectors
            if paged { query.append(("limit", String(options.pageSize))) }
            if let token { query.append(("continue", token)) }
            let response = try await transport.send(KubeRequest(method: .GET, path: resource.path(namespace: namespace) + PathSegment.query(query),
                                                                idempotent: true, action: action))
            if response.status == 410 && token != nil {
                (items, token, paged) = ([], nil, false)
                continue
            }
            let page = try Self.document(try response.checked(action), action)
            items += (page["items"]?.sequence ?? []).map { Self.typed($0, kind) }
            token = page[path: ["metadata", "continue"]]?.text.flatMap { $0.isEmpty ? nil : $0 }
            if token == nil {
                return ObjectList(items: items, resourceVersion: page[path: ["metadata", "resourceVersion"]]?.text ?? "")
            }
        }
    }

    /// An item of a list with the `apiVersion` and `kind` the server leaves out of items.
    static func typed(_ item: Node, _ kind: GroupVersionKind) -> Node {
        var object = Mapping(["apiVersion": .string(kind.apiVersion), "kind": .string(kind.kind)])
        for entry in item.mapping?.entries ?? [] where entry.key.value != "apiVersion" && entry.key.value != "kind" {
            object.entries.append(entry)
        }
        return .mapping(object)
    }

    /// Deletes the object `name` of `kind`, with `propagation` for what it owns;
    /// `preconditionUID` deletes only that very object (409 if the name now holds another).
    package func delete(_ kind: GroupVersionKind, name: String, namespace: String? = nil, propagation: PropagationPolicy = .background,
                        preconditionUID: String? = nil, dryRun: Bool = false) async throws -> DeleteResult {
        let resource = try await resource(for: kind)
        let namespace = resource.namespaced ? namespace ?? connection.namespace : nil
        let action = "delete \(Self.subject(kind, namespace, name))\(dryRun ? " (dry run)" : "")"
        var options = Mapping(["kind": .string("DeleteOptions"), "apiVersion": .string("v1"),
                               "propagationPolicy": .string(propagation.rawValue)])
        if let preconditionUID { options["preconditions"] = .mapping(Mapping(["uid": .string(preconditionUID)])) }
        if dryRun { options["dryRun"] = .sequence([.string("All")]) }
        let request = KubeRequest(method: .DELETE, path: resource.path(namespace: namespace, name: name),
                                  body: Array(try JSON.serialize(.mapping(options)).utf8), idempotent: true, action: action)
        let response = try await transport.send(request)
        if response.status == 404 { return .notFound }
        let answer = try Self.document(try response.checked(action), action)
        let finalizers = answer[path: ["metadata", "finalizers"]]?.sequence ?? []
        guard answer["kind"]?.text != "Status", !finalizers.isEmpty, answer[path: ["metadata", "deletionTimestamp"]] != nil else {
            return .deleted
        }
        return .deleting(answer)
    }
}
