import Manifests

extension ObjectService {
    /// Server-side apply (kube-api.md §7): merges `config` into the live object (creating it when
    /// missing), removes fields the manager stopped applying, and refuses conflicts unless forced.
    func apply(_ type: ResourceType, namespace: String?, name: String, config body: Node,
                       options: WriteOptions) async throws -> WriteResult {
        guard body.mapping != nil else { throw APIError.badRequest("the apply body must be an object") }
        if body[path: ["metadata", "managedFields"]] != nil {
            throw APIError.badRequest("metadata.managedFields must be nil")
        }
        if options.fieldManager.isEmpty {
            throw APIError(code: 422, reason: "Invalid",
                           message: "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                           details: APIError.details(name: nil, type: nil, kind: "PatchOptions", causes: [
                               APIError.cause(reason: "FieldValueRequired", message: "Required value: is required for apply patch",
                                              field: "fieldManager"),
                           ]))
        }
        guard let apiVersion = body["apiVersion"]?.string, let kind = body["kind"]?.string else {
            throw APIError.badRequest("apiVersion and kind must be set in an apply patch")
        }
        guard apiVersion == type.groupVersion, kind == type.kind else {
            throw APIError.badRequest("the API version or kind in the data (\(apiVersion), \(kind)) does not match the expected (\(type.groupVersion), \(type.kind))")
        }
        if let bodyName = body[path: ["metadata", "name"]]?.string, bodyName != name {
            throw APIError.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        let namespace = try resolveNamespace(body, type, urlNamespace: namespace)
        var config = body.withoutNulls
        if options.scope == .main && type.hasStatus { config["status"] = nil }
        if options.scope == .status {
            config = .mapping(Mapping(config.mapping?.entries.filter { ["apiVersion", "kind", "metadata", "status"].contains($0.key.value) } ?? []))
        }
        let key = key(type, namespace, name)
        let schema = try await schema(for: type, options)
        try checkApplyTypes(config, type: type, namespace: namespace, name: name, schema: schema)
        let manager = FieldManager(schema: schema, scope: options.scope, now: Clock.timestamp())

        for _ in 0..<Self.maxAttempts {
            let found = await store.lookup(key)
            if let live = found.object {
                let merged: (object: Node, managedFields: [ManagedFieldsEntry])
                do {
                    merged = try manager.applyUpgradingLastApplied(live: live.object, config: config, body: body,
                                                                   manager: options.fieldManager,
                                                                   apiVersion: type.groupVersion, force: options.force) { object in
                        let restored = restoreServerFields(object, live: live.object, type: type, scope: options.scope)
                        return admit(Defaulter.apply(restored, type: type), type: type, live: live.object)
                    }
                } catch let conflict as ApplyConflict {
                    throw APIError.conflict(conflict)
                }
                guard let new = try prepareUpdate(live: live, proposed: merged.object, type: type, schema: schema,
                                                  options: options, managedFields: .given(merged.managedFields)) else {
                    return WriteResult(live, created: false)
                }
                if options.dryRun { return WriteResult(object: new, created: false) }
                do {
                    return WriteResult(try await commitUpdate(key: key, live: live, new: new, type: type), created: false)
                } catch StoreError.conflict {
                    continue
                }
            }
            guard options.scope == .main else { throw APIError.notFound(type, name) }
            if let namespace { try checkNamespace(found.namespace, name: namespace, type: type, objectName: name) }
            var object: Node
            do {
                let merged = try manager.applyUpgradingLastApplied(live: nil, config: config, body: body,
                                                                   manager: options.fieldManager,
                                                                   apiVersion: type.groupVersion, force: options.force) { object in
                    prepareNew(object, type: type, name: name, namespace: namespace)
                }
                object = merged.object
                object[path: ["metadata", "managedFields"]] = .sequence(merged.managedFields.map(\.node))
            } catch let conflict as ApplyConflict {
                throw APIError.conflict(conflict)
            }
            try Validator.validate(object, type: type, live: nil)
            object = StoredObject.canonicalOrder(object)
            if options.dryRun { return WriteResult(object: object, created: true) }
            try ObjectSize.check(object)
            do {
                return WriteResult(try await store.commit(.create(key, object)), created: true)
            } catch StoreError.alreadyExists {
                continue
            }
        }
        throw APIError.conflict(type, name)
    }
}
