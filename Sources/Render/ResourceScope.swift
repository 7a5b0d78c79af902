import Manifests

/// Which kinds are cluster-scoped, as kustomize knows from the built-in
/// Kubernetes schema: they never get a namespace, and their ids compare
/// without one.
package enum ResourceScope {
    package static let clusterScopedKinds: Set<String> = [
        "APIService", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding", "ComponentStatus",
        "CSIDriver", "CSINode", "CustomResourceDefinition", "FlowSchema", "IngressClass",
        "MutatingWebhookConfiguration", "Namespace", "Node", "PersistentVolume", "PodSecurityPolicy",
        "PriorityClass", "PriorityLevelConfiguration", "RuntimeClass", "SelfSubjectAccessReview",
        "SelfSubjectRulesReview", "SelfSubjectReview", "StorageClass", "SubjectAccessReview", "TokenReview",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration",
        "VolumeAttachment", "ClusterTrustBundle", "StorageVersion", "StorageVersionMigration",
        "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "VolumeAttributesClass", "DeviceClass",
    ]

    /// True when `kind` is certainly cluster-scoped.
    package static func isClusterScoped(_ id: ResourceID) -> Bool {
        clusterScopedKinds.contains(id.kind) && (id.group.isEmpty || knownGroups.contains(id.group))
    }

    static let knownGroups: Set<String> = [
        "apiregistration.k8s.io", "certificates.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io",
        "apiextensions.k8s.io", "flowcontrol.apiserver.k8s.io", "networking.k8s.io", "admissionregistration.k8s.io",
        "policy", "scheduling.k8s.io", "node.k8s.io", "authorization.k8s.io", "authentication.k8s.io",
        "internal.apiserver.k8s.io", "storagemigration.k8s.io", "resource.k8s.io", "extensions",
    ]

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
