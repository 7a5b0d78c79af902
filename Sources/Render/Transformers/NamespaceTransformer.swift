import Manifests

/// `namespace:`, as kustomize's NamespaceTransformer: sets `metadata.namespace`
/// of every namespaced object, the namespace of some subjects of
/// (Cluster)RoleBindings, and the fields of its configuration (by default the
/// name of a `v1` Namespace object and the service namespaces of APIServices
/// and CRD conversion webhooks). References elsewhere (webhook services,
/// other subjects) follow through the name reference transformer, which sees
/// the old namespace in each object's previous ids.
struct NamespaceTransformer {
    /// Which subjects of role bindings get the namespace (`setRoleBindingSubjects`).
    enum SubjectMode: String {
        /// Only subjects named `default` (kustomize's default).
        case defaultOnly
        /// Every subject of kind ServiceAccount.
        case allServiceAccounts
        /// None.
        case none
    }

    let namespace: String
    let fieldSpecs: [FieldSpec]
    /// Only set namespace fields that are empty (`unsetOnly`).
    var unsetOnly = false
    var subjectMode: SubjectMode = .defaultOnly

    func apply(to resources: inout ResourceMap) throws {
        guard !namespace.isEmpty else { return }
        try resources.modifyAllConcurrently { item in
            if item.object.mapping?.isEmpty ?? true { return }
            // kustomize records every object's id here, changed or not.
            item.rememberID()
            do {
                try apply(to: &item)
            } catch var error as RenderError {
                if error.file.isEmpty { error.file = item.origin }
                throw error
            }
        }
        var seen: [ResourceMap.Key: ResourceID] = [:]
        for item in resources.items {
            let id = item.id
            if seen.updateValue(id, forKey: ResourceMap.Key(id)) != nil {
                throw RenderError(.build, file: item.origin,
                                  "namespace transformation produces ID conflict: two objects are now \(ResourceMap.describe(id)); rename one of them")
            }
        }
    }

    func apply(to item: inout BuildResource) throws {
        let id = item.id
        var specs = fieldSpecs.filter { spec in
            // metadata.namespace is handled below so cluster-scoped objects are left alone, and
            // a metadata/name spec only renames objects of the core group (a v1 Namespace).
            spec.path != "metadata/namespace" && (item.apiVersion == "v1" || spec.path != "metadata/name")
        }
        if !ResourceScope.isClusterScoped(id) {
            try FieldPath.visit(&item.object, FieldSpec(path: "metadata/namespace", create: true), create: .scalar) { node in
                try set(&node)
            }
        }
        if id.kind == "RoleBinding" || id.kind == "ClusterRoleBinding" {
            specs.removeAll { ($0.kind == "RoleBinding" || $0.kind == "ClusterRoleBinding") && $0.path == "subjects/namespace" }
            try setSubjectNamespaces(&item.object)
        }
        for spec in specs {
            try FieldPath.visit(&item.object, spec, create: .scalar) { node in try set(&node) }
        }
    }

    /// Sets one namespace field, which must be a scalar.
    func set(_ node: inout Node) throws {
        guard case .scalar(let scalar) = node else {
            throw RenderError(.build, file: "", "namespace field specs must target scalar nodes")
        }
        if unsetOnly, scalar.tag != .null, !scalar.value.isEmpty { return }
        node = .string(namespace)
    }

    /// The subjects of a role binding that get the namespace, per `subjectMode`.
    func setSubjectNamespaces(_ object: inout Node) throws {
        guard subjectMode != .none, let subjects = object["subjects"], !subjects.isNull else { return }
        guard case .sequence = subjects else {
            throw RenderError(.build, file: "", "setting namespace on (cluster)role binding subjects: 'subjects' is not a list")
        }
        object["subjects"]?.modifySequence { items in
            for index in items.indices {
                guard let subject = items[index].mapping else { continue }
                let selected: Bool
                switch subjectMode {
                case .defaultOnly: selected = subject["name"]?.scalar?.value == "default"
                case .allServiceAccounts: selected = subject["kind"]?.scalar?.value == "ServiceAccount"
                case .none: selected = false
                }
                guard selected else { continue }
                if unsetOnly, let existing = subject["namespace"]?.scalar, existing.tag != .null, !existing.value.isEmpty {
                    continue
                }
                items[index]["namespace"] = .string(namespace)
            }
        }
    }
}
