import Manifests

/// A set of field paths stored as a trie, convertible to and from the FieldsV1 JSON form.
struct FieldSet: Sendable, Equatable {
    /// True when the path ending at this node is itself in the set.
    var isMember = false
    var children: [PathElement: FieldSet] = [:]

    init() {}

    init<S: Sequence>(_ paths: S) where S.Element == FieldPath {
        for path in paths { insert(path) }
    }

    var isEmpty: Bool { !isMember && children.isEmpty }

    mutating func insert(_ path: FieldPath) {
        insert(path[...])
    }

    private mutating func insert(_ path: ArraySlice<PathElement>) {
        guard let first = path.first else {
            isMember = true
            return
        }
        // Mutating through the defaulted subscript changes the child in place.
        children[first, default: FieldSet()].insert(path.dropFirst())
    }

    func contains(_ path: FieldPath) -> Bool {
        var node = self
        for element in path {
            guard let child = node.children[element] else { return false }
            node = child
        }
        return node.isMember
    }

    /// True when the set holds `path` or any path below it.
    func containsPrefix(_ path: FieldPath) -> Bool {
        var node = self
        for element in path {
            guard let child = node.children[element] else { return false }
            node = child
        }
        return !node.isEmpty
    }

    /// Every member path, parents before children.
    var paths: [FieldPath] {
        var result: [FieldPath] = []
        var prefix: FieldPath = []
        collect(into: &result, prefix: &prefix)
        return result
    }

    private func collect(into result: inout [FieldPath], prefix: inout FieldPath) {
        if isMember { result.append(prefix) }
        for key in children.keys.sorted() {
            guard let child = children[key] else { continue }
            prefix.append(key)
            child.collect(into: &result, prefix: &prefix)
            prefix.removeLast()
        }
    }

    func union(_ other: FieldSet) -> FieldSet {
        var result = self
        result.isMember = isMember || other.isMember
        for (key, child) in other.children {
            result.children[key] = result.children[key].map { $0.union(child) } ?? child
        }
        return result
    }

    func subtracting(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.isMember = isMember && !other.isMember
        for (key, child) in children {
            let remaining = other.children[key].map { child.subtracting($0) } ?? child
            if !remaining.isEmpty { result.children[key] = remaining }
        }
        return result
    }

    func intersection(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.isMember = isMember && other.isMember
        for (key, child) in children {
            guard let otherChild = other.children[key] else { continue }
            let common = child.intersection(otherChild)
            if !common.isEmpty { result.children[key] = common }
        }
        return result
    }

    /// The FieldsV1 JSON object: `{}` for a leaf, `".":{}` on a member that also has children.
    var fieldsV1: Node {
        var mapping = Mapping()
        if isMember && !children.isEmpty { mapping.entries.append(.init(key: Scalar("."), value: .emptyMapping)) }
        for key in children.keys.sorted() {
            guard let child = children[key] else { continue }
            mapping.entries.append(.init(key: Scalar(key.fieldsV1Key), value: child.fieldsV1))
        }
        return .mapping(mapping)
    }

    /// Reads a FieldsV1 JSON object; unknown keys are skipped.
    init(fieldsV1 node: Node) {
        guard let mapping = node.mapping else { return }
        if mapping.isEmpty {
            isMember = true
            return
        }
        for entry in mapping.entries {
            if entry.key.value == "." {
                isMember = true
                continue
            }
            guard let element = PathElement(fieldsV1Key: entry.key.value) else { continue }
            children[element] = FieldSet(fieldsV1: entry.value)
        }
    }
}
