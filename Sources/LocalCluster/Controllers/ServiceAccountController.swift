import Manifests

/// kube-controller-manager's service account controller: every namespace that is not being
/// deleted has a ServiceAccount `default`, made again when deleted, which pods run as when
/// they name none (`kubectl get sa` in a new namespace lists it, as on a real cluster).
struct ServiceAccountController {
    let context: ControllerContext

    /// The namespace whose `default` ServiceAccount was just removed, to be given a new one.
    static func namespaceToRevisit(afterRemoving key: ObjectKey) -> ObjectKey? {
        guard key.storageKey == "/serviceaccounts", key.name == "default" else { return nil }
        return ObjectKey(storageKey: "/namespaces", namespace: "", name: key.namespace)
    }

    func namespace(_ namespace: Node) async -> Duration? {
        guard namespace[path: ["metadata", "deletionTimestamp"]] == nil,
              let name = namespace[path: ["metadata", "name"]]?.string,
              let type = await context.type("/serviceaccounts") else { return nil }
        if await context.store.get(ObjectKey(storageKey: type.storageKey, namespace: name, name: "default")) != nil { return nil }
        let account = Node.mapping(Mapping([
            "apiVersion": .string("v1"), "kind": .string("ServiceAccount"),
            "metadata": .mapping(Mapping(["name": .string("default"), "namespace": .string(name)])),
        ]))
        do {
            _ = try await context.service.create(type, namespace: name, object: account,
                                                 options: WriteOptions(fieldManager: ControllerContext.manager))
        } catch let error as APIError where error.code == 409 {
            return nil
        } catch {
            // A namespace deleted meanwhile refuses it; anything else is tried again.
            return context.step
        }
        return nil
    }
}
