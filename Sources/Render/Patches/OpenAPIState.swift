import Manifests

/// The OpenAPI schema a build merges with, following kustomize's process-wide
/// kyaml state, kept here per build:
///
/// - the top kustomization's `openapi:` is set first (and wins); a base's or a
///   component's only when none was set before it;
/// - the schema is parsed lazily, the first time kustomize needs it: when a
///   strategic merge patch walks a resource, or when a resource of a type whose
///   scope kustomize does not know by heart is read (it asks the schema
///   whether the type is namespaced);
/// - a schema set after that first parse is added on top of the definitions
///   already parsed, so a component's custom schema extends the built-in one
///   when a custom resource was read before it, and replaces it otherwise.
struct OpenAPIState: Sendable {
    /// The built-in Kubernetes versions kustomize carries.
    static let builtinVersions: Set<String> = ["v1.21.2"]

    private var version = ""
    private var custom: Node?
    private var parsed = false
    private var active = OpenAPISchema()

    /// kyaml's `SetSchema`: an `openapi:` field, with the custom schema file
    /// already read when it names one.
    mutating func set(openAPI: [(key: String, value: String)], customDocument: Node?, reset: Bool, file: String) throws {
        if (!version.isEmpty || custom != nil) && !reset { return }
        let requested = openAPI.first { $0.key == "version" }?.value
        if let customDocument {
            if requested != nil {
                throw RenderError(.kustomization, file: file, "builtin version and custom schema provided, cannot use both; give either 'openapi.version' or 'openapi.path'")
            }
            custom = customDocument
            version = "custom"
            parsed = false
            return
        }
        version = requested ?? ""
        if version.isEmpty { return }
        guard Self.builtinVersions.contains(version) else {
            throw RenderError(.kustomization, file: file, "the specified OpenAPI version is not built in; the built-in one is v1.21.2")
        }
        custom = nil
        parsed = false
    }

    /// A description of the schema in force for cache keys, or `nil` for a custom
    /// schema (bases built under one are not cached).
    var cacheKey: String? {
        custom == nil ? "builtin:\(version)" : nil
    }

    /// True when `other` selects the same schema (whether or not either has parsed it yet).
    func sameSchema(as other: OpenAPIState) -> Bool {
        version == other.version && custom == other.custom
    }

    /// Notes a resource read into the build: a type outside kustomize's table
    /// of known scopes makes it parse the schema now.
    mutating func noteRead(_ object: Node) {
        guard !parsed else { return }
        let key = OpenAPISchema.TypeKey(apiVersion: object["apiVersion"]?.text ?? "", kind: object["kind"]?.text ?? "")
        if !Self.knownScopes.contains(key) { parse() }
    }

    /// The schema in force, parsing it if that has not happened yet.
    mutating func schema() -> OpenAPISchema {
        parse()
        return active
    }

    private mutating func parse() {
        guard !parsed else { return }
        parsed = true
        if let custom {
            active.add(document: custom)
        } else if active.isEmpty {
            active = Self.builtinSchema
        } else {
            active.add(document: Self.builtin)
        }
    }

    static let builtin: Node = (try? JSON.parse(BuiltinOpenAPI.json)) ?? .emptyMapping

    /// The built-in schema, read once: every render (and every thread) starts from the same immutable value.
    static let builtinSchema: OpenAPISchema = {
        var schema = OpenAPISchema()
        schema.add(document: builtin)
        return schema
    }()

    /// The types whose scope kyaml knows without its schema (`precomputedIsNamespaceScoped`).
    static let knownScopes: Set<OpenAPISchema.TypeKey> = {
        let table: [(String, [String])] = [
            ("admissionregistration.k8s.io/v1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]),
            ("admissionregistration.k8s.io/v1beta1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]),
            ("apiextensions.k8s.io/v1", ["CustomResourceDefinition"]),
            ("apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"]),
            ("apiregistration.k8s.io/v1", ["APIService"]),
            ("apiregistration.k8s.io/v1beta1", ["APIService"]),
            ("apps/v1", ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"]),
            ("autoscaling/v1", ["HorizontalPodAutoscaler", "Scale"]),
            ("autoscaling/v2beta1", ["HorizontalPodAutoscaler"]),
            ("autoscaling/v2beta2", ["HorizontalPodAutoscaler"]),
            ("batch/v1", ["CronJob", "Job"]),
            ("batch/v1beta1", ["CronJob"]),
            ("certificates.k8s.io/v1", ["CertificateSigningRequest"]),
            ("certificates.k8s.io/v1beta1", ["CertificateSigningRequest"]),
            ("coordination.k8s.io/v1", ["Lease"]),
            ("coordination.k8s.io/v1beta1", ["Lease"]),
            ("discovery.k8s.io/v1", ["EndpointSlice"]),
            ("discovery.k8s.io/v1beta1", ["EndpointSlice"]),
            ("events.k8s.io/v1", ["Event"]),
            ("events.k8s.io/v1beta1", ["Event"]),
            ("extensions/v1beta1", ["Ingress"]),
            ("flowcontrol.apiserver.k8s.io/v1beta1", ["FlowSchema", "PriorityLevelConfiguration"]),
            ("networking.k8s.io/v1", ["Ingress", "IngressClass", "NetworkPolicy"]),
            ("networking.k8s.io/v1beta1", ["Ingress", "IngressClass"]),
            ("node.k8s.io/v1", ["RuntimeClass"]),
            ("node.k8s.io/v1beta1", ["RuntimeClass"]),
            ("policy/v1", ["PodDisruptionBudget"]),
            ("policy/v1beta1", ["PodDisruptionBudget", "PodSecurityPolicy"]),
            ("rbac.authorization.k8s.io/v1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]),
            ("rbac.authorization.k8s.io/v1beta1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]),
            ("scheduling.k8s.io/v1", ["PriorityClass"]),
            ("scheduling.k8s.io/v1beta1", ["PriorityClass"]),
            ("storage.k8s.io/v1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"]),
            ("storage.k8s.io/v1beta1", ["CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass", "VolumeAttachment"]),
            ("v1", ["ComponentStatus", "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node",
                    "NodeProxyOptions", "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodAttachOptions",
                    "PodExecOptions", "PodPortForwardOptions", "PodProxyOptions", "PodTemplate",
                    "ReplicationController", "ResourceQuota", "Secret", "Service", "ServiceAccount",
                    "ServiceProxyOptions"]),
        ]
        var keys = Set<OpenAPISchema.TypeKey>()
        for (apiVersion, kinds) in table {
            for kind in kinds { keys.insert(OpenAPISchema.TypeKey(apiVersion: apiVersion, kind: kind)) }
        }
        return keys
    }()
}
