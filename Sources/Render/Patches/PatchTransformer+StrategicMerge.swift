import Manifests

/// The text of a `patches` entry, read as kustomize reads it: as strategic
/// merge patches (Kubernetes objects, `*List`s expanded) or as a JSON 6902
/// patch; text that reads as both or as neither is an error.
enum LoadedPatch: Sendable {
    case strategicMerge([Node])
    case json6902(JSONPatch)

    init(text: String, source: String, file: String) throws {
        let read = Result { try ResourceReader.read(Array(text.utf8), file: source) }
        let documents = read.map(\.objects)
        // Operations are a list (or nothing): text whose first document is a
        // mapping cannot be one, and is not parsed a second time to find out.
        if case .success(let read) = read, read.startsWithMapping {
            self = read.objects.isEmpty ? .json6902(JSONPatch(operations: [])) : .strategicMerge(read.objects)
            return
        }
        let operations = Result { try JSONPatch(text: text) }
        switch (documents, operations) {
        case (.success(let documents), .failure):
            // An empty file is no object and no operation: kustomize runs it as an empty JSON patch.
            self = documents.isEmpty ? .json6902(JSONPatch(operations: [])) : .strategicMerge(documents)
        case (.failure, .success(let patch)):
            self = .json6902(patch)
        case (.success, .success):
            throw RenderError(.kustomization, file: source, "illegally qualifies as both an SM and JSON patch: [\(text)]")
        case (.failure, .failure):
            throw RenderError(.kustomization, file: source,
                              "unable to parse SM or JSON patch from [\(text)]; a patch is a Kubernetes object (strategic merge) or a list of JSON 6902 operations")
        }
    }
}

extension PatchTransformer {
    /// kustomize's `ResMap.ApplySmPatch`: a copy of the patch, with the
    /// resource's apiVersion and with its labels and annotations rewritten as
    /// strings (so `null` there becomes the string "null"), goes into every
    /// selected resource; emptied resources leave the map. Returns whether
    /// resources left or may have changed ids.
    @discardableResult
    static func applySelected(_ offsets: [Int], patch: Node, options: PatchOptions, merge: StrategicMerge,
                              to resources: inout ResourceMap) throws -> Bool {
        var deleted = Set<Int>()
        for offset in offsets {
            var copy = patch
            copy["apiVersion"] = .string(resources.items[offset].apiVersion)
            stringifyMetadataMap("labels", of: &copy)
            stringifyMetadataMap("annotations", of: &copy)
            try resources.modify(at: offset) { resource in
                if try !mergeInto(&resource, patch: copy, options: options, merge: merge) { deleted.insert(offset) }
            }
        }
        if !deleted.isEmpty { resources.remove(at: deleted) }
        if options.allowNameChange || options.allowKindChange {
            var seen = Set<ResourceMap.Key>()
            for item in resources.items where !seen.insert(ResourceMap.Key(item.id)).inserted {
                throw RenderError(.build, file: item.origin, "may not add resource with an already registered id: \(ResourceMap.describe(item.id))")
            }
        }
        return !deleted.isEmpty || options.allowNameChange || options.allowKindChange
    }

    /// kustomize's `Resource.ApplySmPatch`: merges, then puts back the name
    /// and kind (unless the options allow changing them) and always the
    /// namespace. Returns false when the patch deleted the resource.
    static func mergeInto(_ resource: inout BuildResource, patch: Node, options: PatchOptions, merge: StrategicMerge) throws -> Bool {
        let name = resource.name
        let namespace = resource.namespace
        let kind = resource.kind
        if options.allowNameChange || options.allowKindChange { resource.rememberID() }
        let merged: Node?
        do {
            merged = try merge.apply(patch, to: resource.object)
        } catch let error as RenderError {
            throw RenderError(error.code, file: resource.origin, error.message)
        }
        guard let merged else { return false }
        resource.object = merged
        if !options.allowKindChange { resource.object["kind"] = plain(kind) }
        if !options.allowNameChange { resource.object[path: ["metadata", "name"]] = plain(name) }
        resource.object[path: ["metadata", "namespace"]] = namespace.isEmpty ? nil : .string(namespace)
        return true
    }

    /// A scalar as kyaml's `NewScalarRNode` makes it: untagged, so typed by its text.
    static func plain(_ text: String) -> Node {
        .scalar(Scalar.untagged(text))
    }

    /// kyaml's `SetLabels(GetLabels())`: every value becomes the string of its
    /// text; anything but a non-empty map disappears.
    static func stringifyMetadataMap(_ field: String, of object: inout Node) {
        guard let value = object[path: ["metadata", field]] else { return }
        guard let mapping = value.mapping, !mapping.isEmpty else {
            object[path: ["metadata", field]] = nil
            return
        }
        var rewritten = Mapping()
        for entry in mapping.entries {
            rewritten[entry.key.value] = .string(entry.value.scalar?.value ?? "")
        }
        object[path: ["metadata", field]] = .mapping(rewritten)
    }
}

/// The resource a patch names, by any id it has had (kustomize's
/// `GetMatchingResourcesByAnyId`), for a patch without a target.
///
/// A scan, not an index: a patch entry mostly holds one object, and the ids
/// move after each patch that applies, so an index was built for about one
/// lookup each time (hashing every id of every resource).
enum AnyIDMatch {
    /// The one resource the patch `document` names (kustomize's `GetById`).
    static func uniqueTarget(of document: Node, in resources: ResourceMap, file: String) throws -> Int {
        let id = Resource(document).id
        let found = resources.offsets(byAnyID: id)
        if found.count == 1 { return found[0] }
        let described = ResourceMap.describe(id)
        let problem = found.isEmpty ? "no matches" : "multiple matches"
        throw RenderError(.build, file: file, "\(problem) for Id \(described); failed to find unique target for patch \(described)")
    }
}
