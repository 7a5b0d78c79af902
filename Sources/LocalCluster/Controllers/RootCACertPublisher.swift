import Manifests

/// kube-controller-manager's root CA publisher (`root-ca-cert-publisher`): every namespace that
/// is not being deleted holds a ConfigMap `kube-root-ca.crt` with the cluster's CA bundle, made
/// again when deleted and put back when its data is changed. It is the foreign object every real
/// namespace holds, which pruning must leave alone.
struct RootCACertPublisher {
    let context: ControllerContext

    static let configMapName = "kube-root-ca.crt"
    static let descriptionAnnotation = "kubernetes.io/description"
    static let description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."

    /// What `ca.crt` holds until the cluster has a CA of its own: a self-signed CA certificate
    /// (CN=kubernetes, P-256) whose private key was thrown away, so it verifies nothing.
    static let placeholderCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBkDCCATegAwIBAgIUcj4Ub2PAasveGEkE7B32NRL8ua0wCgYIKoZIzj0EAwIw
        FTETMBEGA1UEAwwKa3ViZXJuZXRlczAgFw0yNjEyMDYxMjAzNTNaGA8yMTI2MTEx
        MjEyMDM1M1owFTETMBEGA1UEAwwKa3ViZXJuZXRlczBZMBMGByqGSM49AgEGCCqG
        SM49AwEHA0IABLZ60SmhhKcFaYkJs/SUhQ+BRDyTmbvNLs7pAj/fYnzfm78GjmAK
        QRCDFEQzxiskkgMDEXQhRqXLzI0Ly67G6wCjYzBhMB0GA1UdDgQWBBRO+rV2mcrF
        OSGkuMmC+L56hrePqzAfBgNVHSMEGDAWgBRO+rV2mcrFOSGkuMmC+L56hrePqzAP
        BgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwICpDAKBggqhkjOPQQDAgNHADBE
        AiA53X8ZToRRrtUrkEOTrhkCzILG1Z5RvyqG76h6qxWkQgIgERk0MV6WXeQYkwy7
        Ad9lE8hosuAkAMI+SZ5VL02T3Bc=
        -----END CERTIFICATE-----

        """

    /// The namespace to revisit when `key` (the ConfigMap, deleted or changed) is the published one.
    static func namespaceToRevisit(after key: ObjectKey) -> ObjectKey? {
        guard key.storageKey == "/configmaps", key.name == configMapName else { return nil }
        return ObjectKey(storageKey: "/namespaces", namespace: "", name: key.namespace)
    }

    /// Makes or repairs the namespace's ConfigMap; returns when to try again.
    func namespace(_ namespace: Node) async -> Duration? {
        guard namespace[path: ["metadata", "deletionTimestamp"]] == nil,
              let name = namespace[path: ["metadata", "name"]]?.string,
              let type = await context.type("/configmaps") else { return nil }
        let data = Node.mapping(Mapping(["ca.crt": .string(context.rootCertificate)]))
        let key = ObjectKey(storageKey: type.storageKey, namespace: name, name: Self.configMapName)
        guard let live = await context.store.get(key) else {
            let configMap = Node.mapping(Mapping([
                "apiVersion": .string("v1"), "kind": .string("ConfigMap"),
                "metadata": .mapping(Mapping([
                    "name": .string(Self.configMapName), "namespace": .string(name),
                    "annotations": .mapping(Mapping([Self.descriptionAnnotation: .string(Self.description)])),
                ])),
                "data": data,
            ]))
            do {
                _ = try await context.service.create(type, namespace: name, object: configMap,
                                                     options: WriteOptions(fieldManager: ControllerContext.manager))
            } catch let error as APIError where [403, 404, 409].contains(error.code) {
                // Made meanwhile, or the namespace is going or gone: nothing to retry (as upstream).
                return nil
            } catch {
                return context.step
            }
            return nil
        }
        let described = !(ControllerContext.annotation(live.object, Self.descriptionAnnotation) ?? "").isEmpty
        if Validator.sameValue(live.object["data"] ?? .null, data) && described { return nil }
        var repaired = live.object
        repaired["data"] = data
        repaired[path: ["metadata", "annotations", Self.descriptionAnnotation]] = .string(Self.description)
        return await context.writeObject(repaired, type: type) ? nil : context.step
    }
}
