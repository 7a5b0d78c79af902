/// The identity of a Kubernetes object: group, version, kind, namespace and name.
package struct ResourceID: Hashable, Sendable, CustomStringConvertible {
    package var group: String
    package var version: String
    package var kind: String
    /// Empty for cluster-scoped objects and for objects that do not say.
    package var namespace: String
    package var name: String

    package init(group: String = "", version: String = "", kind: String, namespace: String = "", name: String) {
        self.group = group
        self.version = version
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// Splits an `apiVersion` into group and version at its first slash:
    /// `apps/v1` → ("apps", "v1"), `v1` → ("", "v1").
    package static func split(apiVersion: String) -> (group: String, version: String) {
        // Ids are read very often: the slash is found in the bytes, not by characters.
        let utf8 = apiVersion.utf8
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else {
            // kustomize's old plugin apiVersion `builtin` is a group without a version.
            return apiVersion == "builtin" ? (apiVersion, "") : ("", apiVersion)
        }
        return (String(Substring(utf8[..<slash])), String(Substring(utf8[utf8.index(after: slash)...])))
    }

    /// `group/version`, or `version` for the core group.
    package var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `Kind/namespace/name`, or `Kind/name` without a namespace.
    package var description: String {
        namespace.isEmpty ? "\(kind)/\(name)" : "\(kind)/\(namespace)/\(name)"
    }
}
