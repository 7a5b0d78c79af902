import Manifests

/// A kind at one version of its API group: what an object's `apiVersion` and `kind` say.
package struct GroupVersionKind: Hashable, Sendable, CustomStringConvertible {
    /// The group; empty for the core group.
    package var group: String
    /// The version.
    package var version: String
    /// The kind, as Kubernetes spells it (`Deployment`).
    package var kind: String

    /// A kind of `group` at `version`.
    package init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// The kind an object's `apiVersion` (`apps/v1`, `v1`) and `kind` name.
    package init(apiVersion: String, kind: String) {
        let (group, version) = ResourceID.split(apiVersion: apiVersion)
        self.init(group: group, version: version, kind: kind)
    }

    /// `group/version`, or `version` for the core group.
    package var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `Deployment in apps/v1`.
    package var description: String { "\(kind) in \(apiVersion)" }
}
