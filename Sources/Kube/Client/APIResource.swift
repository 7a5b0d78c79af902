/// A resource the server serves, from discovery: the path segment of a kind, and whether
/// its objects live in namespaces. Kinds are never pluralised by hand.
package struct APIResource: Sendable, Equatable {
    /// The kind it serves.
    package var kind: GroupVersionKind
    /// The resource name: the plural in its paths (`deployments`).
    package var name: String
    /// Whether objects of it live in a namespace.
    package var namespaced: Bool
    /// The verbs it supports (`get`, `list`, `watch`, `patch`, ...).
    package var verbs: [String]
    /// Whether its version is the group's preferred one.
    package var preferred: Bool

    /// A resource of `kind` served as `name`.
    package init(kind: GroupVersionKind, name: String, namespaced: Bool, verbs: [String] = [], preferred: Bool = true) {
        self.kind = kind
        self.name = name
        self.namespaced = namespaced
        self.verbs = verbs
        self.preferred = preferred
    }

    /// `/api/v1[/namespaces/<ns>]/<name>[/<object>]`, or `/apis/<group>/<version>/...`; a
    /// namespace is used only for a namespaced resource.
    func path(namespace: String?, name object: String? = nil) -> String {
        var path = kind.group.isEmpty ? "/api/\(kind.version)" : "/apis/\(kind.group)/\(kind.version)"
        if namespaced, let namespace, !namespace.isEmpty { path += "/namespaces/\(PathSegment.escape(namespace))" }
        path += "/" + name
        if let object { path += "/" + PathSegment.escape(object) }
        return path
    }
}
