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

/// Writing a replacement value into one target field.
enum ReplacementValue {
    /// A scalar target keeps its type and takes the value's text; any other
    /// target is replaced by the value. A scalar just created has no type yet
    /// and reads as its text does. With a delimiter, the value replaces one
    /// part of the target's text (or is added before or after the parts).
    static func set(_ target: inout Node, to value: Node, created: Bool, options: Replacement.Options?,
                    keepsNull: Bool) throws {
        var text = value.scalar.map { $0.tag == .null ? "" : $0.value } ?? ""
        if let options, !options.delimiter.isEmpty {
            guard case .scalar(let existing) = target else {
                throw RenderError(.build, file: "", "delimiter option can only be used with scalar nodes")
            }
            var parts = existing.value.goSplit(options.delimiter)
            if options.index < 0 {
                parts.insert(text, at: 0)
            } else if options.index >= parts.count {
                parts.append(text)
            } else {
                parts[options.index] = text
            }
            text = parts.joined(separator: options.delimiter)
        } else if case .scalar = target {
        } else {
            target = value
            return
        }
        guard case .scalar(var scalar) = target else { return }
        if created {
            scalar.tag = ScalarResolver.resolvePlain(text)
        } else if scalar.tag == .null, !keepsNull, ScalarResolver.resolvePlain(text) != .null {
            // kustomize keeps the null tag and fails when it prints the object.
            throw RenderError(.build, file: "",
                              "cannot decode '\(text)' as a null: the target field is null; give it a value of the right type or remove it")
        }
        scalar.value = text
        target = .scalar(scalar)
    }
}

extension String {
    /// Go's `strings.Split`: every occurrence of `separator` splits, empty parts kept.
    func goSplit(_ separator: String) -> [String] {
        guard !separator.isEmpty else { return map(String.init) }
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
