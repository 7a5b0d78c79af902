import Manifests

/// `namespace:`: sets the namespace of every namespaced object, and the
/// namespace fields that refer to it (ServiceAccount subjects of role
/// bindings, webhook and APIService service references).
struct NamespaceTransformer {
    let namespace: String
    let fieldSpecs: [FieldSpec]

    func apply(to resources: inout ResourceMap) throws {
        try resources.modifyAll { resource in
            let id = resource.id
            if ResourceScope.isClusterScoped(id) {
                return
            }
            if resource.namespace != namespace {
                resource.setNamespace(namespace)
            }
        }
    }
}
