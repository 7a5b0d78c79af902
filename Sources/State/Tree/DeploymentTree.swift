import Manifests

/// The tree of a deployment record: one file per object at
/// `<namespace or _cluster>/<group or core>/<Kind>/<name>.yaml`, printed by
/// `YAMLEmitter` after `SecretDigests` replaced every Secret value.
///
/// The path alone names the object (without its version, which one object
/// has many of), so an inventory is read from the tree's paths without
/// opening a file. `_cluster` cannot be a namespace (namespaces are DNS
/// labels) and `core` is the name of the group of `v1`. A cluster-scoped
/// object is one without a namespace: giving namespaced objects their
/// environment's default namespace needs discovery and is the caller's job,
/// done before objects are recorded.
package enum DeploymentTree {
    /// The folder of cluster-scoped objects, in place of a namespace.
    package static let clusterFolder = "_cluster"
    /// The folder of the core group (`v1`), in place of a group.
    package static let coreFolder = "core"
    /// The extension of every object's file.
    package static let fileExtension = ".yaml"

    /// The files of `objects` by path, Secret values replaced, ready to be written as a tree.
    ///
    /// Fails with `invalidObject` for an object with no place in the tree,
    /// and `duplicateObject` when two objects have one path.
    package static func files(_ objects: [Node]) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        files.reserveCapacity(objects.count)
        for object in objects {
            let id = Resource(object).id
            let path = try path(of: id)
            guard files[path] == nil else {
                throw StateError(.duplicateObject, "cannot record \(id) twice in one deployment; render it once")
            }
            files[path] = Array(try YAMLEmitter.document(SecretDigests.redacted(object)).utf8)
        }
        return files
    }

    /// Where the object `id` is kept: `shop/apps/Deployment/web.yaml`, `_cluster/core/Namespace/shop.yaml`.
    package static func path(of id: ResourceID) throws -> String {
        let namespace = id.namespace.isEmpty ? clusterFolder : id.namespace
        let group = id.group.isEmpty ? coreFolder : id.group
        // Each part must be one plain path component that reads back as itself.
        let parts = [namespace, group, id.kind, id.name]
        guard parts.allSatisfy(isComponent), !id.namespace.hasPrefix("_"), id.group != coreFolder else {
            throw StateError(.invalidObject, "cannot record \(id.kind.isEmpty ? "an object without a kind" : id.description): its kind, name, namespace and group must be non-empty names without '/'")
        }
        return "\(namespace)/\(group)/\(id.kind)/\(id.name)\(fileExtension)"
    }

    /// The object a path of a deployment tree names (with no version), or `nil` for a path that is not an object's.
    package static func identity(atPath path: String) -> ResourceID? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[3].hasSuffix(fileExtension) else { return nil }
        let name = String(parts[3].dropLast(fileExtension.count))
        guard !name.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        return ResourceID(
            group: parts[1] == coreFolder ? "" : parts[1], kind: parts[2],
            namespace: parts[0] == clusterFolder ? "" : parts[0], name: name)
    }

    /// Whether `text` can be one component of a tree path that git stores and checks out.
    private static func isComponent(_ text: String) -> Bool {
        !text.isEmpty && text != "." && text != ".." && text.lowercased() != ".git"
            && !text.utf8.contains(UInt8(ascii: "/")) && !text.utf8.contains(0)
    }
}
