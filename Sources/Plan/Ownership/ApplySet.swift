import FoundationEssentials
import Manifests

/// An environment's ApplySet (KEP-3659, as kubectl implements it in
/// `pkg/cmd/apply/applyset.go`): the id of its parent object, the label every
/// member carries, and the decision whether a live object is a member.
///
/// The keys use kubectl's prefix `applyset.kubernetes.io/`, not the KEP's
/// `applyset.k8s.io/`: the implementation is what other tools read, and
/// using its keys lets `kubectl apply --prune --applyset` work on the same set.
package struct ApplySet: Sendable, Equatable {
    /// Label on the parent: the set's id.
    package static let idLabel = "applyset.kubernetes.io/id"
    /// Label on every member: the id of the set it belongs to.
    package static let partOfLabel = "applyset.kubernetes.io/part-of"
    /// Annotation on the parent: `<tool>/<version>` of the tool that manages the set.
    package static let toolingAnnotation = "applyset.kubernetes.io/tooling"
    /// Annotation on the parent: the members' group-kinds, sorted, comma-separated, `Kind.group`.
    package static let containsGroupKindsAnnotation = "applyset.kubernetes.io/contains-group-kinds"
    /// Annotation on the parent: the members' namespaces other than the parent's own, sorted, comma-separated.
    package static let additionalNamespacesAnnotation = "applyset.kubernetes.io/additional-namespaces"
    /// Label on a CustomResourceDefinition whose objects may be parents.
    package static let isParentTypeLabel = "applyset.kubernetes.io/is-parent-type"
    /// The tool name written in the tooling annotation and compared when a parent is read.
    package static let toolName = "git-ops"

    /// The parent object: kubectl's built-in parents are a Secret or a ConfigMap.
    package var parent: ResourceID
    /// `applyset-<base64url(sha256(name.namespace.Kind.group))>-v1`.
    package var id: String
    /// The tooling annotation's value, `git-ops/<version>`.
    package var tooling: String
    /// The label selector of the members: `applyset.kubernetes.io/part-of=<id>`.
    package var selector: String { "\(Self.partOfLabel)=\(id)" }

    /// The ApplySet whose parent is `parent`, written by git-ops `version`.
    /// `sha256` hashes bytes; it is the caller's, so that Plan links no
    /// crypto library and holds no hash of its own.
    package init(parent: ResourceID, version: String, sha256: ([UInt8]) -> [UInt8]) throws {
        self.parent = parent
        self.id = try Self.id(of: parent, sha256: sha256)
        self.tooling = "\(Self.toolName)/\(version)"
    }

    /// kubectl's `ApplySet.ID`: the parent's name, namespace, kind and group
    /// joined by `.` (empty parts stay empty), hashed with SHA-256, encoded as
    /// unpadded base64url (Go's `base64.RawURLEncoding`), with a prefix and
    /// suffix because label values must start and end with a letter or digit.
    package static func id(of parent: ResourceID, sha256: ([UInt8]) -> [UInt8]) throws -> String {
        let unencoded = [parent.name, parent.namespace, parent.kind, parent.group].joined(separator: ".")
        let digest = sha256(Array(unencoded.utf8))
        guard digest.count == 32 else {
            throw PlanError(.invalidDigest, "cannot compute the ApplySet id of \(parent): "
                + "the SHA-256 function returned \(digest.count) bytes instead of 32")
        }
        return "applyset-\(Base64.encodeRawURL(digest))-v1"
    }

    /// The field manager for the parent's server-side apply, kubectl's `<tool>-applyset`.
    package var parentFieldManager: String { "\(Self.toolName)-applyset" }

    /// Whose a live object is, by its `part-of` label.
    package enum Ownership: Sendable, Equatable {
        /// A member of this set.
        case member
        /// A member of the set with this id: another environment's, or another tool's.
        case otherSet(String)
        /// No ApplySet label: made by a person or by a tool that does not use ApplySets.
        case unowned
    }

    /// Whose `object` is, read from its `applyset.kubernetes.io/part-of` label alone.
    package func ownership(of object: Node) -> Ownership {
        guard let value = object[path: ["metadata", "labels", Self.partOfLabel]]?.text else { return .unowned }
        return value == id ? .member : .otherSet(value)
    }

    /// `object` with this set's `part-of` label added, as kubectl's `AddLabels`.
    /// kubectl refuses input that already carries the label; this accepts it
    /// when it already names this set, so a rendered set read back from a
    /// deployment can be stamped again, and refuses any other value.
    package func stamp(_ object: Node) throws -> Node {
        switch ownership(of: object) {
        case .member:
            return object
        case .otherSet(let other):
            throw PlanError(.foreignApplySetLabel, "cannot add \(ObjectKey(of: object)) to ApplySet '\(id)': "
                + "its manifest already sets label '\(Self.partOfLabel)' to '\(other)'; remove the label from the manifest")
        case .unowned:
            var stamped = object
            stamped[path: ["metadata", "labels", Self.partOfLabel]] = .string(id)
            return stamped
        }
    }
}
