import Manifests

/// The value a replacement copies: the source field of the one object the
/// source selects, cut to one part when `options.delimiter` is set.
struct ReplacementSourceValue {
    let value: Node

    init(_ source: Replacement.Source, in resources: ResourceMap, file: String) throws {
        let selector = Self.selector(source)
        let description = Self.describe(source)
        var match: Node?
        for item in resources.items where item.allIDs.contains(where: { selector.selectsExactly($0) }) {
            guard match == nil else {
                throw RenderError(.build, file: file, "multiple matches for selector \(description); narrow the replacement source")
            }
            match = item.object
        }
        guard let object = match else {
            throw RenderError(.build, file: file, "nothing selected by \(description)")
        }
        let fieldPath = source.fieldPath.isEmpty ? "metadata.name" : source.fieldPath
        let found: Node?
        do {
            found = try ReplacementPath.lookup(object, ReplacementPath.split(fieldPath))
        } catch let error as ReplacementPath.PathError {
            throw RenderError(.build, file: file, "error looking up replacement source: \(error.message)")
        }
        guard let found, !Self.isNilOrEmpty(found) else {
            throw RenderError(.build, file: file,
                              "fieldPath `\(fieldPath)` is missing for replacement source \(ResourceMap.describe(Self.id(source)))")
        }
        value = try Self.refine(found, source.options, file: file)
    }

    static func selector(_ source: Replacement.Source) -> Selector {
        var selector = Selector()
        selector.group = source.group
        selector.version = source.version
        selector.kind = source.kind
        selector.name = source.name
        selector.namespace = source.namespace
        return selector
    }

    static func id(_ source: Replacement.Source) -> ResourceID {
        ResourceID(group: source.group, version: source.version, kind: source.kind, namespace: source.namespace, name: source.name)
    }

    /// kustomize's spelling of a source selector: `Kind.version.group/name.namespace:fieldPath`.
    static func describe(_ source: Replacement.Source) -> String {
        var parts = [ResourceMap.describe(id(source))]
        if !source.fieldPath.isEmpty { parts.append(source.fieldPath) }
        if let options = source.options, !options.delimiter.isEmpty || options.create {
            parts.append("\(options.delimiter)(\(options.index)), create=\(options.create)")
        }
        return parts.joined(separator: ":")
    }

    /// kyaml's `IsNilOrEmpty`: null, `{}` and `[]` are no value.
    static func isNilOrEmpty(_ node: Node) -> Bool {
        switch node {
        case .scalar(let scalar): return scalar.tag == .null
        case .mapping(let mapping): return mapping.isEmpty
        case .sequence(let items): return items.isEmpty
        }
    }

    static func refine(_ node: Node, _ options: Replacement.Options?, file: String) throws -> Node {
        guard let options, !options.delimiter.isEmpty else { return node }
        guard case .scalar(var scalar) = node else {
            throw RenderError(.build, file: file, "delimiter option can only be used with scalar nodes")
        }
        let parts = scalar.value.goSplit(options.delimiter)
        guard options.index >= 0, options.index < parts.count else {
            throw RenderError(.build, file: file, "options.index \(options.index) is out of bounds for value \(scalar.value)")
        }
        scalar.value = parts[options.index]
        return .scalar(scalar)
    }
}
