import Manifests

extension ApplySet {
    /// What a parent records of its members: their group-kinds and the
    /// namespaces they live in, which tell a pruner where to list.
    package struct Scope: Sendable, Equatable {
        /// `Kind.group`, or `Kind` for the core group.
        package var groupKinds: Set<String>
        /// Namespaces of namespaced members; cluster-scoped members add none.
        package var namespaces: Set<String>

        /// A scope from its group-kinds and namespaces.
        package init(groupKinds: Set<String> = [], namespaces: Set<String> = []) {
            self.groupKinds = groupKinds
            self.namespaces = namespaces
        }

        /// The scope of these members.
        package init(members: some Sequence<ObjectKey>) {
            self.init()
            for key in members {
                groupKinds.insert(key.groupKind)
                if !key.namespace.isEmpty { namespaces.insert(key.namespace) }
            }
        }

        /// Both scopes together: what the parent records before an apply, so
        /// that an apply or prune that fails half-way orphans no member.
        package func union(_ other: Scope) -> Scope {
            Scope(groupKinds: groupKinds.union(other.groupKinds), namespaces: namespaces.union(other.namespaces))
        }
    }

    /// The parent object to server-side apply (with `parentFieldManager`), as
    /// kubectl's `buildParentPatch`: the id label, and the tooling, group-kinds
    /// and additional-namespaces annotations. The caller applies it with the
    /// union of the old and new scopes before applying members, and with the
    /// new scope alone after pruning.
    package func parentObject(scope: Scope) -> Node {
        let additional = scope.namespaces.subtracting([parent.namespace]).sorted()
        var metadata = Mapping()
        metadata["name"] = .string(parent.name)
        if !parent.namespace.isEmpty { metadata["namespace"] = .string(parent.namespace) }
        metadata["labels"] = .mapping(Mapping([Self.idLabel: .string(id)]))
        metadata["annotations"] = .mapping(Mapping([
            Self.toolingAnnotation: .string(tooling),
            Self.containsGroupKindsAnnotation: .string(scope.groupKinds.sorted().joined(separator: ",")),
            Self.additionalNamespacesAnnotation: .string(additional.joined(separator: ",")),
        ]))
        return .mapping(Mapping([
            "apiVersion": .string(parent.apiVersion),
            "kind": .string(parent.kind),
            "metadata": .mapping(metadata),
        ]))
    }

    /// Checks that a live parent belongs to this set and to git-ops, as
    /// kubectl's `fetchParent` does, and returns the scope it records (with
    /// the parent's own namespace, which is implied rather than listed). A
    /// parent of another tool is refused: pruning by its records could
    /// delete what that tool manages.
    package func readParent(_ live: Node) throws -> Scope {
        let resource = Resource(live)
        let (labels, annotations) = (resource.labels, resource.annotations)
        let subject = "ApplySet parent \(ObjectKey(parent))"
        guard let tooling = annotations[Self.toolingAnnotation] else {
            throw PlanError(.foreignParent, "\(subject) exists without annotation '\(Self.toolingAnnotation)': "
                + "another tool made it; choose another parent name or remove the object")
        }
        let toolingName = Self.toolingBaseName(tooling)
        guard toolingName == Self.toolName else {
            throw PlanError(.foreignParent, "\(subject) is managed by '\(toolingName)', not '\(Self.toolName)'; "
                + "choose another parent name")
        }
        guard let idValue = labels[Self.idLabel] else {
            throw PlanError(.foreignParent, "\(subject) exists without label '\(Self.idLabel)'")
        }
        guard idValue == id else {
            throw PlanError(.foreignParent, "\(subject) has label '\(Self.idLabel)' set to '\(idValue)', not '\(id)'")
        }
        // A namespaced parent's own namespace is in its scope without being listed.
        var namespaces = Self.list(annotations[Self.additionalNamespacesAnnotation])
        if !parent.namespace.isEmpty { namespaces.insert(parent.namespace) }
        return Scope(groupKinds: Self.list(annotations[Self.containsGroupKindsAnnotation]), namespaces: namespaces)
    }

    /// kubectl's `toolingBaseName`: everything before the last `/`, or the whole value without one.
    static func toolingBaseName(_ tooling: String) -> String {
        guard let slash = tooling.lastIndex(of: "/") else { return tooling }
        return String(tooling[..<slash])
    }

    /// A comma-separated annotation as a set; an empty or absent one is empty.
    static func list(_ value: String?) -> Set<String> {
        guard let value, !value.isEmpty else { return [] }
        return Set(value.split(separator: ",", omittingEmptySubsequences: true).map(String.init))
    }
}
