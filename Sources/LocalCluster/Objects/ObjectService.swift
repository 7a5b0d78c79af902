import Manifests

/// The API semantics over the store: create, update, patch, apply and delete with defaulting,
/// validation, managed fields and optimistic concurrency.
///
/// Work is done outside the store actor against a snapshot of the live object and
/// committed with a resourceVersion check; a lost race is retried, as the API
/// server's GuaranteedUpdate does. Controllers use it too, so their writes look
/// like any client's.
struct ObjectService: Sendable {
    let store: ObjectStore

    init(store: ObjectStore) {
        self.store = store
    }

    static let maxAttempts = 32

    func key(_ type: ResourceType, _ namespace: String?, _ name: String) -> ObjectKey {
        ObjectKey(storageKey: type.storageKey, namespace: type.namespaced ? namespace ?? "" : "", name: name)
    }

    func get(_ type: ResourceType, namespace: String?, name: String) async throws -> StoredObject {
        guard let stored = await store.get(key(type, namespace, name)) else { throw APIError.notFound(type, name) }
        return stored
    }

    // MARK: create

    func create(_ type: ResourceType, namespace: String?, object body: Node, options: WriteOptions) async throws -> WriteResult {
        guard body.mapping != nil else { throw APIError.badRequest("the request body must be a JSON object") }
        try checkTypeMeta(body, type)
        var object = try decoded(body, type: type, options: options)
        var name = object[path: ["metadata", "name"]]?.string ?? ""
        let generateName = object[path: ["metadata", "generateName"]]?.string ?? ""
        let namespace = try resolveNamespace(object, type, urlNamespace: namespace)
        // Admission runs before the name is generated or required, and names the object
        // by its name, its generateName or "Unknown" (`admission.NewForbidden`).
        if let namespace {
            let admissionName = !name.isEmpty ? name : !generateName.isEmpty ? generateName : "Unknown"
            try await checkNamespace(namespace, type: type, name: admissionName)
        }
        if name.isEmpty, !generateName.isEmpty { name = generateName + Clock.randomSuffix(5) }
        guard !name.isEmpty else {
            throw APIError.invalid(type, "", field: "metadata.name",
                                   message: "Required value: name or generateName is required", reason: "FieldValueRequired")
        }
        object = prepareNew(object, type: type, name: name, namespace: namespace)
        try Validator.validate(object, type: type, live: nil)
        let schema = try await schema(for: type, options)
        let entries = FieldManager(schema: schema, scope: .main, now: Clock.timestamp())
            .update(live: nil, new: object, manager: options.fieldManager, apiVersion: type.groupVersion)
        object[path: ["metadata", "managedFields"]] = .sequence(entries.map(\.node))
        if options.dryRun { return WriteResult(object: StoredObject.canonicalOrder(object), created: true) }
        try ObjectSize.check(object)
        do {
            return WriteResult(try await store.commit(.create(key(type, namespace, name), object)), created: true)
        } catch StoreError.alreadyExists {
            throw APIError.alreadyExists(type, name)
        }
    }

    // MARK: update (PUT) and patches

    /// How a proposed object is derived from the live one.
    enum Change {
        /// A whole object (PUT).
        case replace(Node)
        case mergePatch(Node)
        case strategicMergePatch(Node)
        case jsonPatch(Node)
    }

    func update(_ type: ResourceType, namespace: String?, name: String, object: Node, options: WriteOptions) async throws -> WriteResult {
        try checkTypeMeta(object, type)
        if let bodyName = object[path: ["metadata", "name"]]?.string, bodyName != name {
            throw APIError.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        let object = try decoded(object, type: type, options: options)
        return try await change(type, namespace: namespace, name: name, .replace(object), options: options)
    }

    func change(_ type: ResourceType, namespace: String?, name: String, _ change: Change, options: WriteOptions) async throws -> WriteResult {
        let key = key(type, namespace, name)
        let schema = try await schema(for: type, options)
        for _ in 0..<Self.maxAttempts {
            guard let live = await store.get(key) else { throw APIError.notFound(type, name) }
            // A patch sent at another version applies to the object as that version shows it.
            let base = options.conversion?.down(live.object) ?? live.object
            var proposed: Node
            let patch: Node?
            switch change {
            case .replace(let object):
                proposed = object
                patch = nil
            case .mergePatch(let body):
                guard body.mapping != nil else { throw APIError.badRequest("Invalid JSON Patch") }
                proposed = JSONMergePatch.apply(body, to: base)
                patch = body
            case .strategicMergePatch(let body):
                guard body.mapping != nil else {
                    throw APIError.badRequest("json: cannot unmarshal \(GoTypeChecker.jsonKind(body)) into Go value of type map[string]interface {}")
                }
                proposed = StrategicMergePatch(schema: schema).apply(body, to: base)
                patch = body
            case .jsonPatch(let operations):
                guard let count = operations.sequence?.count else {
                    throw APIError.badRequest("json: cannot unmarshal \(GoTypeChecker.jsonKind(operations)) into Go value of type jsonpatch.Patch")
                }
                guard count <= JSONPatch.maxOperations else {
                    throw APIError.requestEntityTooLarge("The allowed maximum operations in a JSON patch is \(JSONPatch.maxOperations), got \(count)")
                }
                do {
                    proposed = try JSONPatch.apply(operations, to: base)
                } catch let failure as JSONPatch.Failure {
                    throw APIError.patchRejected(failure.message)
                }
                patch = operations
            }
            if let patch {
                if let conversion = options.conversion { proposed = conversion.up(proposed) }
                proposed = try decodedPatchResult(proposed, patch: patch, type: type, options: options)
            }
            if let namespaceInBody = proposed[path: ["metadata", "namespace"]]?.string, type.namespaced,
               namespaceInBody != key.namespace, !namespaceInBody.isEmpty {
                throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            let expected = proposed[path: ["metadata", "resourceVersion"]]?.string
            if let expected, !expected.isEmpty, expected != String(live.resourceVersion) {
                throw APIError.conflict(type, name)
            }
            let explicitFields = proposed[path: ["metadata", "managedFields"]]
            let mode: ManagedFieldsMode = .update(options.fieldManager, explicit: explicitFields)
            guard let new = try prepareUpdate(live: live, proposed: proposed, type: type, schema: schema,
                                              options: options, managedFields: mode) else {
                return WriteResult(live, created: false)
            }
            if options.dryRun { return WriteResult(object: new, created: false) }
            do {
                return WriteResult(try await commitUpdate(key: key, live: live, new: new, type: type), created: false)
            } catch StoreError.conflict {
                if let expected, !expected.isEmpty { throw APIError.conflict(type, name) }
                continue
            }
        }
        throw APIError.conflict(type, name)
    }

    /// Stores an updated object, or removes it when it is being deleted and has no finalizers left.
    func commitUpdate(key: ObjectKey, live: StoredObject, new: Node, type: ResourceType) async throws -> StoredObject {
        do {
            let finalizers = new[path: ["metadata", "finalizers"]]?.sequence ?? []
            if new[path: ["metadata", "deletionTimestamp"]] != nil, finalizers.isEmpty {
                let removed = try await store.commit(.delete(key, expected: live.resourceVersion, last: new))
                await afterRemoval(type: type, object: removed)
                return removed
            }
            try ObjectSize.check(new)
            return try await store.commit(.update(key, new, expected: live.resourceVersion))
        } catch StoreError.notFound {
            throw APIError.notFound(type, key.name)
        }
    }

    // MARK: checks shared by writes

    func schema(for type: ResourceType, _ options: WriteOptions) async throws -> FieldSchema {
        if let schema = options.schema { return schema }
        return await store.registry.schema(for: type)
    }

    func checkTypeMeta(_ object: Node, _ type: ResourceType) throws {
        if let apiVersion = object["apiVersion"]?.string, !apiVersion.isEmpty, apiVersion != type.groupVersion {
            throw APIError.badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (\(type.groupVersion))")
        }
        if let kind = object["kind"]?.string, !kind.isEmpty, kind != type.kind {
            throw APIError.badRequest("the kind in the data (\(kind)) does not match the expected kind (\(type.kind))")
        }
    }

    func resolveNamespace(_ object: Node, _ type: ResourceType, urlNamespace: String?) throws -> String? {
        guard type.namespaced else { return nil }
        let bodyNamespace = object[path: ["metadata", "namespace"]]?.string ?? ""
        if let urlNamespace, !bodyNamespace.isEmpty, bodyNamespace != urlNamespace {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        let namespace = urlNamespace ?? bodyNamespace
        guard !namespace.isEmpty else { throw APIError.badRequest("an empty namespace may not be set during creation") }
        return namespace
    }

    /// Namespaced objects need their namespace, and a terminating one takes no new objects.
    func checkNamespace(_ namespace: String, type: ResourceType, name: String) async throws {
        let namespaceKey = ObjectKey(storageKey: "/namespaces", namespace: "", name: namespace)
        try checkNamespace(await store.get(namespaceKey), name: namespace, type: type, objectName: name)
    }

    func checkNamespace(_ stored: StoredObject?, name namespace: String, type: ResourceType, objectName name: String) throws {
        guard let stored else { throw APIError.namespaceNotFound(namespace) }
        if stored.object[path: ["metadata", "deletionTimestamp"]] != nil {
            throw APIError.forbidden(
                type, name, "unable to create new content in namespace \(namespace) because it is being terminated",
                cause: APIError.cause(reason: "NamespaceTerminating",
                                      message: "namespace \(namespace) is being terminated", field: "metadata.namespace"))
        }
    }
}
