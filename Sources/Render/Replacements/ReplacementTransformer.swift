import Manifests

/// `replacements`: copies a field of one object into fields of others.
///
/// kustomize's rules (api/filters/replacement): the source must select exactly
/// one object; objects are selected by exact group, version, kind, name and
/// namespace against their current id or any id they had before a rename;
/// targets also filter by label and annotation selectors, and an object is
/// left alone when any of its ids is rejected. A value written over an
/// existing scalar keeps that scalar's type (`"7"` into `replicas: 1` stays
/// an integer), a created one takes the type its text reads as.
enum ReplacementTransformer {
    static func apply(_ entries: [Kustomization.ReplacementEntry], loader: Loader, file: String, to resources: inout ResourceMap) throws {
        guard !entries.isEmpty else { return }
        for replacement in try load(entries, loader: loader, file: file) {
            try run(replacement, file: file, on: &resources)
        }
    }

    /// The replacements of the entries, in order; a `path:` file holds one replacement or a list.
    static func load(_ entries: [Kustomization.ReplacementEntry], loader: Loader, file: String) throws -> [Replacement] {
        var result: [Replacement] = []
        for (offset, entry) in entries.enumerated() {
            if let inline = entry.inline {
                let decoder = FieldDecoder(file: file)
                result.append(try Replacement(inline, field: "replacements[\(offset)]", decoder: decoder, strict: true))
                continue
            }
            let display = loader.display(entry.path)
            let documents: [Node]
            do {
                // kustomize decodes the first document alone; what follows it is never parsed.
                documents = try YAMLParser(source: display, yaml11: true).parseFirstDocument(try loader.load(entry.path)).map { [$0] } ?? []
            } catch let error as YAMLError {
                throw RenderError(.syntax, file: display, "invalid replacement file: line \(error.line): \(error.message)")
            }
            let decoder = FieldDecoder(file: display)
            switch documents.first {
            case .sequence(let items)?:
                for (index, item) in items.enumerated() {
                    result.append(try Replacement(item, field: "[\(index)]", decoder: decoder, strict: false))
                }
            case .mapping?:
                if let document = documents.first {
                    result.append(try Replacement(document, field: "replacement", decoder: decoder, strict: false))
                }
            default:
                throw RenderError(.kustomization, file: display,
                                  "unsupported replacement type encountered within replacement path: the file must hold a replacement or a list of them")
            }
        }
        return result
    }

    static func run(_ replacement: Replacement, file: String, on resources: inout ResourceMap) throws {
        guard let source = replacement.source, let targets = replacement.targets else {
            throw RenderError(.kustomization, file: file, "replacements must specify a source and at least one target")
        }
        let value = try ReplacementSourceValue(source, in: resources, file: file).value
        for target in targets {
            try copy(value, to: target, file: file, in: &resources)
        }
    }

    static func copy(_ value: Node, to target: Replacement.Target, file: String, in resources: inout ResourceMap) throws {
        guard let select = target.select else {
            throw RenderError(.kustomization, file: file, "target must specify resources to select")
        }
        let fieldPaths = target.fieldPaths.isEmpty ? ["metadata.name"] : target.fieldPaths
        let selectLabels = try LabelSelector.parse(select.labelSelector)
        let selectAnnotations = try LabelSelector.parse(select.annotationSelector)
        let rejectSelectors = try target.reject.map { reject in
            (reject, try LabelSelector.parse(reject.labelSelector), try LabelSelector.parse(reject.annotationSelector))
        }
        for offset in resources.items.indices {
            let item = resources.items[offset]
            let resource = Resource(item.object)
            guard Self.matches(selectLabels, resource.labels), Self.matches(selectAnnotations, resource.annotations) else { continue }
            let ids = item.allIDs
            let rejected = rejectSelectors.contains { reject, labels, annotations in
                if !reject.labelSelector.isEmpty || !reject.annotationSelector.isEmpty,
                   Self.matches(labels, resource.labels), Self.matches(annotations, resource.annotations) {
                    return true
                }
                return !reject.hasNoID && ids.contains { reject.selectsExactly($0) }
            }
            guard !rejected, ids.contains(where: { select.selectsExactly($0) }) else { continue }
            try resources.modify(at: offset) { resource in
                for fieldPath in fieldPaths {
                    try write(value, into: &resource.object, fieldPath: fieldPath, options: target.options, file: file)
                }
                // A value copied into the object it came from doubles it at each
                // replacement: stop it before it is huge.
                if let excess = resource.object.boundsExcess() {
                    throw RenderError(.build, file: file, "replacement target \(Resource(resource.object).id) is too large: \(excess)")
                }
            }
        }
    }

    /// An empty selector matches without reading the object's map.
    static func matches(_ selector: LabelSelector, _ map: @autoclosure () -> [String: String]) -> Bool {
        selector.isEmpty || selector.matches(map())
    }

    /// Writes `value` at every field `fieldPath` names in `object`.
    static func write(_ value: Node, into object: inout Node, fieldPath: String, options: Replacement.Options?, file: String) throws {
        let create: FieldPath.CreateKind?
        if options?.create == true {
            switch value {
            case .scalar: create = .scalar
            case .mapping: create = .mapping
            case .sequence: create = .sequence
            }
        } else {
            create = nil
        }
        let failure = create == nil ? "unable to find field \"\(fieldPath)\" in replacement target"
            : "unable to find or create field \"\(fieldPath)\" in replacement target"
        let path = ReplacementPath.split(fieldPath)
        let inAnnotations = path.count > 2 && path[0] == "metadata" && path[1] == "annotations"
        let found: Int
        do {
            found = try ReplacementPath.visit(&object, path[...], create: create) { target, created in
                try ReplacementValue.set(&target, to: value, created: created, options: options, keepsNull: inAnnotations)
            }
        } catch let error as ReplacementPath.PathError {
            throw RenderError(.build, file: file, "\(failure): \(error.message)")
        } catch var error as RenderError {
            if error.file.isEmpty { error.file = file }
            throw error
        }
        if found == 0 {
            throw RenderError(.build, file: file, "\(failure); check the path, or set 'options.create: true' to create it")
        }
    }
}

extension Selector {
    /// True when no group, version, kind, name or namespace is set.
    var hasNoID: Bool {
        group.isEmpty && version.isEmpty && kind.isEmpty && name.isEmpty && namespace.isEmpty
    }

    /// kustomize's `ResId.IsSelectedBy`: the set fields equal the id's (no
    /// patterns), the namespace compared as an effective namespace. A
    /// selector's kind is never looked up in the schema, so its namespace
    /// never matches a cluster-scoped object.
    func selectsExactly(_ id: ResourceID) -> Bool {
        if !name.isEmpty, name != id.name { return false }
        if !namespace.isEmpty, namespace != ResourceScope.effectiveNamespace(id) { return false }
        return (group.isEmpty || group == id.group) && (version.isEmpty || version == id.version)
            && (kind.isEmpty || kind == id.kind)
    }
}
