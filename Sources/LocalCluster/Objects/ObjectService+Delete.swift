import Manifests

extension ObjectService {
    /// Kinds whose DELETE answers with the deleted object rather than a Status (as upstream).
    static let returnsDeletedObject: Set<String> = ["Pod", "ServiceAccount", "Namespace", "Secret", "ConfigMap", "Service",
                                                    "CustomResourceDefinition"]

    /// Deletes now, or marks for deletion when finalizers (or a cascading policy) must run first.
    func delete(_ type: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws -> DeleteResult {
        let key = key(type, namespace, name)
        for _ in 0..<Self.maxAttempts {
            guard let live = await store.get(key) else { throw APIError.notFound(type, name) }
            let metadata = live.object["metadata"] ?? .emptyMapping
            if let uid = options.preconditionUID, uid != metadata["uid"]?.string {
                throw APIError.conflict(type, name, "Precondition failed: UID in precondition: \(uid), UID in object meta: \(metadata["uid"]?.string ?? "")")
            }
            if let version = options.preconditionResourceVersion, version != String(live.resourceVersion) {
                throw APIError.conflict(type, name, "Precondition failed: ResourceVersion in precondition: \(version), ResourceVersion in object meta: \(live.resourceVersion)")
            }
            var finalizers = metadata["finalizers"]?.sequence?.compactMap(\.string) ?? []
            if type.kind == "Namespace" && type.group.isEmpty {
                finalizers = ["kubernetes"]
            } else {
                if type.storageKey == ResourceRegistry.crdStorageKey, !finalizers.contains(Self.crdCleanupFinalizer),
                   metadata["deletionTimestamp"] == nil, await hasCustomObjects(live.object) {
                    finalizers.append(Self.crdCleanupFinalizer)
                }
                switch options.propagation {
                case .foreground where !finalizers.contains("foregroundDeletion"): finalizers.append("foregroundDeletion")
                case .orphan where !finalizers.contains("orphan"): finalizers.append("orphan")
                default: break
                }
            }
            do {
                if finalizers.isEmpty {
                    if options.dryRun { return DeleteResult(object: live.object, removed: true) }
                    let removed = try await store.commit(.delete(key, expected: live.resourceVersion))
                    await afterRemoval(type: type, object: removed)
                    return DeleteResult(object: removed.object, removed: true)
                }
                var object = live.object
                let alreadyDeleting = metadata["deletionTimestamp"] != nil
                let isNamespace = type.kind == "Namespace" && type.group.isEmpty
                if alreadyDeleting && (isNamespace || finalizers == (metadata["finalizers"]?.sequence?.compactMap(\.string) ?? [])) {
                    return DeleteResult(object: live.object, removed: false)
                }
                if !alreadyDeleting {
                    object[path: ["metadata", "deletionTimestamp"]] = .string(Clock.timestamp())
                    object[path: ["metadata", "deletionGracePeriodSeconds"]] = .int(0)
                    if type.hasGeneration {
                        let generation = Int(metadata["generation"]?.text ?? "") ?? 1
                        object[path: ["metadata", "generation"]] = .int(generation + 1)
                    }
                }
                if isNamespace {
                    object[path: ["status", "phase"]] = .string("Terminating")
                } else {
                    object[path: ["metadata", "finalizers"]] = .sequence(finalizers.map(Node.string))
                }
                if options.dryRun { return DeleteResult(object: object, removed: false) }
                let stored = try await store.commit(.update(key, object, expected: live.resourceVersion))
                return DeleteResult(object: stored.object, removed: false)
            } catch StoreError.conflict {
                continue
            } catch StoreError.notFound {
                throw APIError.notFound(type, name)
            }
        }
        throw APIError.conflict(type, name)
    }

    /// Upstream's CRD finalizer: a CRD with objects stays, Terminating and still served, while the
    /// controllers delete its objects (`GarbageCollector.finalizeCRD`), so a `kubectl delete -f`
    /// that names the CRD before its objects still finds them.
    static let crdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io"

    func hasCustomObjects(_ crd: Node) async -> Bool {
        guard let storageKey = Self.customStorageKey(crd) else { return false }
        return await !store.list(storageKey: storageKey, namespace: nil).items.isEmpty
    }

    static func customStorageKey(_ crd: Node) -> String? {
        guard let group = crd[path: ["spec", "group"]]?.string, let plural = crd[path: ["spec", "names", "plural"]]?.string else {
            return nil
        }
        return "\(group)/\(plural)"
    }

    /// What removing an object sets off at once: a CRD takes its objects with it.
    func afterRemoval(type: ResourceType, object: StoredObject) async {
        guard type.storageKey == ResourceRegistry.crdStorageKey, let storageKey = Self.customStorageKey(object.object) else { return }
        for item in await store.list(storageKey: storageKey, namespace: nil).items {
            _ = try? await store.commit(.delete(item.key, expected: nil))
        }
    }

    /// The body of a DELETE response: the object, or a Status for kinds upstream answers that way.
    static func deleteResponse(_ result: DeleteResult, type: ResourceType) -> Node {
        if !result.removed || type.isCustom || returnsDeletedObject.contains(type.kind) { return result.object }
        var details = Mapping()
        details["name"] = result.object[path: ["metadata", "name"]]
        details["group"] = .string(type.group)
        details["kind"] = .string(type.plural)
        details["uid"] = result.object[path: ["metadata", "uid"]]
        return .mapping(Mapping([
            "kind": .string("Status"), "apiVersion": .string("v1"), "metadata": .emptyMapping,
            "status": .string("Success"), "details": .mapping(details),
        ]))
    }
}
