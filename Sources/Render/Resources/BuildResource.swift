import Manifests

/// A resource during a build: the object plus what kustomize tracks beside
/// it (how a generator made it, the names it had before, where it came from).
package struct BuildResource: Sendable {
    /// How a generated resource combines with one of the same id from a base.
    package enum Behavior: String, Sendable {
        case create, merge, replace
    }

    /// The object as it stands.
    package var object: Node
    /// The file the object was read from (for errors), or the kustomization that generated it.
    package var origin: String
    /// Set for generated ConfigMaps and Secrets.
    package var behavior: Behavior?
    /// A generated object whose name gets the content hash suffix at the end of the build.
    package var needsHashSuffix = false
    /// The ids the object had before renames (oldest first), for fixing references to it.
    package var previousIDs: [ResourceID] = []
    /// Name prefixes and suffixes applied so far (innermost first).
    package var prefixes: [String] = []
    package var suffixes: [String] = []
    /// The entry of the top kustomization's `resources:` that added it, in a
    /// render by units (`UnitPlan`); -1 otherwise.
    package var unit = -1

    package init(object: Node, origin: String) {
        self.object = object
        self.origin = origin
    }

    package var kind: String { Resource(object).kind }
    package var apiVersion: String { Resource(object).apiVersion }
    package var name: String { Resource(object).name }
    package var namespace: String { Resource(object).namespace }

    /// The current id.
    package var id: ResourceID { Resource(object).id }

    /// The id the object was first read or generated with.
    package var originalID: ResourceID { previousIDs.first ?? id }

    /// Every id the object has had, current last.
    package var allIDs: [ResourceID] { previousIDs + [id] }

    /// Records the current id before a change of name, namespace or kind.
    package mutating func rememberID() {
        let current = id
        if previousIDs.last != current { previousIDs.append(current) }
    }

    /// Sets `metadata.name`, remembering the old id.
    package mutating func setName(_ name: String) {
        rememberID()
        object[path: ["metadata", "name"]] = .string(name)
    }

    /// Sets `metadata.namespace`, remembering the old id.
    package mutating func setNamespace(_ namespace: String) {
        rememberID()
        object[path: ["metadata", "namespace"]] = .string(namespace)
    }

    package var labels: Mapping { object[path: ["metadata", "labels"]]?.mapping ?? Mapping() }
    package var annotations: Mapping { object[path: ["metadata", "annotations"]]?.mapping ?? Mapping() }

    /// A label or annotation value as kustomize reads one: the scalar's text.
    static func text(of node: Node?) -> String? {
        guard case .scalar(let scalar)? = node else { return nil }
        return scalar.value
    }
}
