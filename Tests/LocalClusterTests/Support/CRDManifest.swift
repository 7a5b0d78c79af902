/// A namespaced CustomResourceDefinition with one served and stored version `v1`, as YAML, for
/// tests that install a kind of their own.
enum CRDManifest {
    /// `schema` is the YAML of `openAPIV3Schema`'s body, indented for its place (eight spaces).
    static func yaml(group: String, kind: String, plural: String, schema: String) -> String {
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: \(plural).\(group)}
        spec:
          group: \(group)
          names: {kind: \(kind), plural: \(plural), singular: \(kind.lowercased())}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
        \(schema)
        """
    }
}
