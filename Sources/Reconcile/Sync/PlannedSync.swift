import Digests
import Git
import Manifests
import Plan
import State

/// A sync worked out and not yet carried out: the source, the objects as they
/// will be applied (namespaces defaulted, ApplySet label stamped), what the
/// cluster holds, and the change set. What diff, status and dry-run report,
/// and what a sync applies.
package struct PlannedSync: Sendable {
    /// The environment's name.
    package var name: String
    /// The commit, configuration and render.
    package var source: PreparedSource
    /// The environment's ApplySet.
    package var applySet: ApplySet
    /// The objects to apply.
    package var desired: [Node]
    /// The live objects of the desired set and of the inventory.
    package var live: [ObjectKey: Node]
    /// The keys of the last deployment's objects.
    package var inventory: Set<ObjectKey>
    /// The live ApplySet parent, when there is one.
    package var parent: Node?
    /// What the sync does to each object.
    package var changes: ChangeSet
    /// The kubeconfig context it targets.
    package var context: String
    /// The desired objects as the deployment record keeps them (path to
    /// text), when planning made them already; the record reuses them.
    package var recordedFiles: [String: [UInt8]]?

    /// The ApplySet of environment `name`: a ConfigMap parent named after it in
    /// `default`, which every cluster has (kubectl's own parents are Secrets and
    /// ConfigMaps; a ConfigMap can be read by anyone allowed to see the set).
    package static func applySet(for name: String) throws -> ApplySet {
        let sanitized = String(name.lowercased().map { $0 == "_" || $0 == "." ? "-" : $0 })
        let parent = ResourceID(group: "", version: "v1", kind: "ConfigMap", namespace: "default", name: "git-ops.\(sanitized)")
        return try ApplySet(parent: parent, version: ToolVersion.current, sha256: SHA256.digest)
    }
}

/// The version of git-ops: what `git ops version` prints and the ApplySet
/// tooling annotation says (`git-ops/<version>`).
package enum ToolVersion {
    /// This build's version.
    package static let current = "0.1.0"
}
