import Manifests

/// Which objects are cluster-scoped, as kustomize knows them: they never get
/// a namespace, and their ids compare without one.
package enum ResourceScope {
    /// kustomize decides by group, version and kind together, from the types it
    /// knows certainly (kyaml's precomputed scopes of the built-in v1.21.2
    /// schema). A version it does not list (`flowcontrol.apiserver.k8s.io/v1`
    /// FlowSchema, `rbac.authorization.k8s.io/v1alpha1` ClusterRole) or a kind
    /// newer than that schema (ValidatingAdmissionPolicy, TokenReview) is
    /// taken as namespaced, and so gets a namespace. Keyed by kind, so the
    /// common case is one lookup; the values are apiVersions.
    static let clusterScoped: [String: Set<String>] = [
        "APIService": ["apiregistration.k8s.io/v1", "apiregistration.k8s.io/v1beta1"],
        "CertificateSigningRequest": ["certificates.k8s.io/v1", "certificates.k8s.io/v1beta1"],
        "ClusterRole": ["rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1"],
        "ClusterRoleBinding": ["rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1"],
        "ComponentStatus": ["v1"],
        "CSIDriver": ["storage.k8s.io/v1", "storage.k8s.io/v1beta1"],
        "CSINode": ["storage.k8s.io/v1", "storage.k8s.io/v1beta1"],
        "CustomResourceDefinition": ["apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1"],
        "FlowSchema": ["flowcontrol.apiserver.k8s.io/v1beta1"],
        "IngressClass": ["networking.k8s.io/v1", "networking.k8s.io/v1beta1"],
        "MutatingWebhookConfiguration": ["admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1"],
        "Namespace": ["v1"],
        "Node": ["v1"],
        "NodeProxyOptions": ["v1"],
        "PersistentVolume": ["v1"],
        "PodSecurityPolicy": ["policy/v1beta1"],
        "PriorityClass": ["scheduling.k8s.io/v1", "scheduling.k8s.io/v1beta1"],
        "PriorityLevelConfiguration": ["flowcontrol.apiserver.k8s.io/v1beta1"],
        "RuntimeClass": ["node.k8s.io/v1", "node.k8s.io/v1beta1"],
        "StorageClass": ["storage.k8s.io/v1", "storage.k8s.io/v1beta1"],
        "ValidatingWebhookConfiguration": ["admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1"],
        "VolumeAttachment": ["storage.k8s.io/v1", "storage.k8s.io/v1beta1"],
    ]

    /// For each first letter `A`...`Z` of a cluster-scoped kind, the lengths of
    /// those kinds as bits: most kinds (Deployment, Service, Secret) are told
    /// namespaced from two bytes, without hashing their name.
    static let kindShapes: [UInt64] = {
        var shapes = [UInt64](repeating: 0, count: 26)
        for kind in clusterScoped.keys {
            let utf8 = kind.utf8
            guard let first = utf8.first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first), utf8.count < 64 else {
                preconditionFailure("a cluster-scoped kind outside the shapes: \(kind)")
            }
            shapes[Int(first - UInt8(ascii: "A"))] |= 1 << UInt64(utf8.count)
        }
        return shapes
    }()

    /// True when the object is certainly cluster-scoped.
    package static func isClusterScoped(_ id: ResourceID) -> Bool {
        let utf8 = id.kind.utf8
        guard let first = utf8.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z"), utf8.count < 64,
              kindShapes[Int(first - UInt8(ascii: "A"))] & (1 << UInt64(utf8.count)) != 0 else { return false }
        guard let apiVersions = clusterScoped[id.kind] else { return false }
        return apiVersions.contains(id.group.isEmpty ? id.version : id.group + "/" + id.version)
    }

    /// The namespace ids compare by: cluster-scoped objects have none, and an
    /// empty namespace means `default`.
    package static func effectiveNamespace(_ id: ResourceID) -> String {
        if isClusterScoped(id) { return "_non_namespaceable_" }
        return id.namespace.isEmpty ? "default" : id.namespace
    }

    /// kustomize's id equality: same group, version, kind, name and effective namespace.
    package static func equal(_ a: ResourceID, _ b: ResourceID) -> Bool {
        a.name == b.name && a.kind == b.kind && a.group == b.group && a.version == b.version
            && effectiveNamespace(a) == effectiveNamespace(b)
    }
}
