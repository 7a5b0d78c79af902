import Manifests

/// The identity under which desired, live and inventoried objects are paired:
/// group, kind, namespace and name, without the version.
///
/// The version is left out because one object is served under every version
/// of its group: `apps/v1` and `apps/v1beta2` Deployment `web` are the same
/// object, and a render that moves to a new version must not create one
/// object and prune the other. Flux's inventory and Argo CD's resource keys
/// leave it out for the same reason.
///
/// A cluster-scoped object has an empty namespace. A namespaced object always
/// has one: giving a desired object without `metadata.namespace` its
/// environment's default namespace needs discovery (which kinds are
/// namespaced), so it is the caller's job, done before the object is keyed.
/// A key read from such an object before that would never meet its live
/// counterpart, which the server reports in its namespace.
package struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The API group; empty for the core group (`v1`).
    package var group: String
    /// The kind, as the manifest spells it: `Deployment`.
    package var kind: String
    /// Empty for cluster-scoped objects.
    package var namespace: String
    /// `metadata.name`.
    package var name: String

    /// A key from its four parts.
    package init(group: String = "", kind: String, namespace: String = "", name: String) {
        self.group = group
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// The key of an object read by `Resource.id`: its version is dropped.
    package init(_ id: ResourceID) {
        self.init(group: id.group, kind: id.kind, namespace: id.namespace, name: id.name)
    }

    /// The key of an object tree, from its `apiVersion`, `kind` and `metadata`.
    package init(of object: Node) {
        self.init(Resource(object).id)
    }

    /// True for a cluster-scoped object (or a namespaced one not yet given its namespace).
    package var isClusterScoped: Bool { namespace.isEmpty }

    /// The group and kind as kubectl prints a `schema.GroupKind`: `Kind.group`,
    /// or `Kind` for the core group (the form of the ApplySet annotation).
    package var groupKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    /// `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object.
    package var description: String {
        namespace.isEmpty ? "\(kind)/\(name)" : "\(kind)/\(namespace)/\(name)"
    }

    /// Group, kind, namespace, then name: a stable order for reports, not the apply order.
    package static func < (a: ObjectKey, b: ObjectKey) -> Bool {
        (a.group, a.kind, a.namespace, a.name) < (b.group, b.kind, b.namespace, b.name)
    }
}
