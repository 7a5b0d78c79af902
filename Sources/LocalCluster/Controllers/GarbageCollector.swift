import Manifests

/// Deletes dependents whose owners are gone, and runs the `foregroundDeletion` and `orphan`
/// finalizers (kube-api.md §8.5).
struct GarbageCollector {
    let context: ControllerContext
    /// Object keys by the uid of each of their owners (the controller loop's index).
    let dependents: [String: Set<ObjectKey>]

    static func ownerUIDs(_ object: Node) -> [String] {
        (object[path: ["metadata", "ownerReferences"]]?.sequence ?? []).compactMap { $0["uid"]?.string }
    }

    func dependentKeys(of object: Node) -> Set<ObjectKey> {
        object[path: ["metadata", "uid"]]?.string.flatMap { dependents[$0] } ?? []
    }

    /// Objects that name `uid` among their owners.
    func dependents(of uid: String) async -> [StoredObject] {
        var result: [StoredObject] = []
        for key in dependents[uid] ?? [] {
            if let object = await context.store.get(key), Self.ownerUIDs(object.object).contains(uid) { result.append(object) }
        }
        return result
    }

    /// Deletes `object` in the background when none of its owners exists any more.
    func collectIfOrphaned(_ object: StoredObject, liveUIDs: Set<String>) async {
        let owners = Self.ownerUIDs(object.object)
        guard !owners.isEmpty, object.object[path: ["metadata", "deletionTimestamp"]] == nil,
              owners.allSatisfy({ !liveUIDs.contains($0) }),
              let type = await context.type(object.key.storageKey) else { return }
        _ = try? await context.service.delete(type, namespace: object.key.namespace, name: object.key.name,
                                              options: DeleteOptions(propagation: .background))
    }

    /// Runs the cascade finalizers of an object being deleted; returns when to look again.
    func finalize(_ object: StoredObject) async -> Duration? {
        let finalizers = object.object[path: ["metadata", "finalizers"]]?.sequence?.compactMap(\.string) ?? []
        guard object.object[path: ["metadata", "deletionTimestamp"]] != nil,
              let uid = object.object[path: ["metadata", "uid"]]?.string,
              let type = await context.type(object.key.storageKey) else { return nil }
        if finalizers.contains("foregroundDeletion") {
            let dependents = await dependents(of: uid)
            if !dependents.isEmpty {
                for dependent in dependents where dependent.object[path: ["metadata", "deletionTimestamp"]] == nil {
                    guard let dependentType = await context.type(dependent.key.storageKey) else { continue }
                    _ = try? await context.service.delete(dependentType, namespace: dependent.key.namespace,
                                                          name: dependent.key.name,
                                                          options: DeleteOptions(propagation: .foreground))
                }
                return context.step
            }
            await removeFinalizer("foregroundDeletion", from: object, type: type)
        } else if finalizers.contains("orphan") {
            for dependent in await dependents(of: uid) {
                guard let dependentType = await context.type(dependent.key.storageKey) else { continue }
                var updated = dependent.object
                let remaining = (updated[path: ["metadata", "ownerReferences"]]?.sequence ?? []).filter { $0["uid"]?.string != uid }
                updated[path: ["metadata", "ownerReferences"]] = remaining.isEmpty ? nil : .sequence(remaining)
                await context.writeObject(updated, type: dependentType)
            }
            await removeFinalizer("orphan", from: object, type: type)
        }
        return nil
    }

    func removeFinalizer(_ name: String, from object: StoredObject, type: ResourceType) async {
        var updated = object.object
        let remaining = (updated[path: ["metadata", "finalizers"]]?.sequence ?? []).filter { $0.string != name }
        updated[path: ["metadata", "finalizers"]] = remaining.isEmpty ? nil : .sequence(remaining)
        await context.writeObject(updated, type: type)
    }

    /// Deletes a terminating CRD's objects, then lets it go (`ObjectService.crdCleanupFinalizer`);
    /// other finalizers on it run as on any object.
    func finalizeCRD(_ crd: StoredObject) async -> Duration? {
        let finalizers = crd.object[path: ["metadata", "finalizers"]]?.sequence?.compactMap(\.string) ?? []
        guard finalizers.contains(ObjectService.crdCleanupFinalizer) else { return await finalize(crd) }
        guard let crdType = await context.type(crd.key.storageKey) else { return nil }
        let storageKey = ObjectService.customStorageKey(crd.object) ?? ""
        let objects = await context.store.list(storageKey: storageKey, namespace: nil).items
        if objects.isEmpty {
            await removeFinalizer(ObjectService.crdCleanupFinalizer, from: crd, type: crdType)
            return nil
        }
        if let type = await context.type(storageKey) {
            for object in objects where object.object[path: ["metadata", "deletionTimestamp"]] == nil {
                _ = try? await context.service.delete(type, namespace: object.key.namespace, name: object.key.name,
                                                      options: DeleteOptions(propagation: .background))
            }
        }
        return context.step
    }

    /// Empties a terminating namespace, then removes it; returns when to look again.
    func finalizeNamespace(_ namespace: StoredObject) async -> Duration? {
        guard namespace.object[path: ["metadata", "deletionTimestamp"]] != nil else { return nil }
        let contents = await context.store.objects(inNamespace: namespace.key.name)
        if contents.isEmpty {
            _ = try? await context.store.commit(.delete(namespace.key, expected: nil))
            return nil
        }
        for object in contents where object.object[path: ["metadata", "deletionTimestamp"]] == nil {
            guard let type = await context.type(object.key.storageKey) else {
                _ = try? await context.store.commit(.delete(object.key, expected: nil))
                continue
            }
            _ = try? await context.service.delete(type, namespace: object.key.namespace, name: object.key.name,
                                                  options: DeleteOptions(propagation: .background))
        }
        return context.step
    }
}
