import Manifests

/// `patchesStrategicMerge`, `patches` and `patchesJson6902`, as kustomize's
/// PatchStrategicMergeTransformer, PatchTransformer and
/// PatchJson6902Transformer apply them.
enum PatchTransformer {
    /// `patchesStrategicMerge`: each entry is inline YAML or a file of patches;
    /// each patch applies to the one resource it names (by any name the
    /// resource has had), and a patch that names none is an error.
    static func applyStrategicMergePatches(_ entries: [String], loader: Loader, file: String,
                                           openAPI: inout OpenAPIState, to resources: inout ResourceMap) throws {
        guard !entries.isEmpty else { return }
        // kustomize reads an entry as inline patches first, as a path only when that fails.
        let patches = try strategicMergeDocuments(entries, loader: loader, file: file)
        if patches.isEmpty {
            throw RenderError(.kustomization, file: file, "patch appears to be empty; files=[\(entries.joined(separator: " "))]; give each entry of 'patchesStrategicMerge' at least one object")
        }
        try applyStrategicMerge(patches, file: file, openAPI: &openAPI, to: &resources)
    }

    /// Applies loaded strategic merge patches as kustomize's
    /// PatchStrategicMergeTransformer does: each to the one resource it names.
    static func applyStrategicMerge(_ patches: [Node], file: String, openAPI: inout OpenAPIState,
                                    to resources: inout ResourceMap) throws {
        let merge = StrategicMerge(schema: openAPI.schema())
        for patch in patches {
            let offset = try AnyIDMatch.uniqueTarget(of: patch, in: resources, file: file)
            try applySelected([offset], patch: patch, options: PatchOptions(), merge: merge, to: &resources)
        }
    }

    /// The patches of `patchesStrategicMerge` entries (or a plugin's `paths`):
    /// each read as inline YAML first, as a file path when that fails.
    static func strategicMergeDocuments(_ entries: [String], loader: Loader, file: String) throws -> [Node] {
        var documents: [Node] = []
        for entry in entries {
            if let inline = try? ResourceReader.objects(Array(entry.utf8), file: file) {
                documents += inline
                continue
            }
            documents += try ResourceReader.objects(try loader.load(entry), file: loader.display(entry))
        }
        return documents
    }

    /// `patches`: strategic merge or JSON 6902, inline or from a file, on the
    /// resources a target selects (or, for a strategic merge patch without
    /// target, on the resource it names).
    static func applyPatches(_ patches: [Kustomization.PatchSpec], loader: Loader, file: String,
                             openAPI: inout OpenAPIState, to resources: inout ResourceMap,
                             memo: ParseMemo<LoadedPatch>? = nil) throws {
        for spec in patches {
            let text = try patchText(of: spec, loader: loader, file: file)
            let source = spec.path.isEmpty ? file : loader.display(spec.path)
            let load = { try LoadedPatch(text: text, source: source, file: file) }
            let loaded = try memo?.value(file: source + "\n" + file, bytes: Array(text.utf8), parse: load) ?? load()
            try apply(loaded, text: text, target: spec.target, options: PatchOptions(spec.options),
                      openAPI: &openAPI, file: file, to: &resources)
        }
    }

    /// `patchesJson6902`: JSON patches (JSON or YAML, inline or from a file) on
    /// the resources a target selects; the target must name its objects.
    static func applyJSON6902Patches(_ patches: [Kustomization.PatchSpec], loader: Loader, file: String,
                                     to resources: inout ResourceMap) throws {
        for spec in patches {
            guard let target = spec.target, !target.name.isEmpty else {
                throw RenderError(.kustomization, file: file, "must specify the target name in 'patchesJson6902'")
            }
            var text = spec.patch
            if !spec.path.isEmpty {
                if !spec.patch.isEmpty {
                    throw RenderError(.kustomization, file: file, "must specify a file path or jsonOp, not both, in 'patchesJson6902'")
                }
                text = String(decoding: try loader.load(spec.path), as: UTF8.self)
                if text.isEmpty {
                    throw RenderError(.kustomization, file: loader.display(spec.path), "patch file '\(spec.path)' empty seems to be empty")
                }
            } else if text.isEmpty {
                throw RenderError(.kustomization, file: file, "empty file path and empty jsonOp in 'patchesJson6902'")
            }
            let patch: JSONPatch
            do {
                patch = try JSONPatch(text: text)
            } catch {
                throw RenderError(.kustomization, file: spec.path.isEmpty ? file : loader.display(spec.path), "decoding \(text): \(error)")
            }
            if patch.operations.isEmpty {
                throw RenderError(.kustomization, file: spec.path.isEmpty ? file : loader.display(spec.path),
                                  "patch appears to be empty; file=\(spec.path), JsonOp=\(text); give 'patchesJson6902' entries at least one operation")
            }
            for offset in try target.select(in: resources) {
                try resources.modify(at: offset) { resource in
                    resource.object = try jsonPatch(patch, resource.object, file: file)
                }
            }
        }
    }

    /// Applies one loaded patch as a `patches` entry does: the entry point for
    /// other transformers (a PatchTransformer plugin config) too.
    static func apply(_ patch: LoadedPatch, text: String, target: Selector?, options: PatchOptions,
                      openAPI: inout OpenAPIState, file: String, to resources: inout ResourceMap) throws {
        switch patch {
        case .strategicMerge(let documents):
            let merge = StrategicMerge(schema: openAPI.schema())
            if let target {
                if documents.count > 1 {
                    throw RenderError(.kustomization, file: file,
                                      "Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field; give each object its own entry with its own target")
                }
                try applySelected(try target.select(in: resources), patch: documents[0], options: options, merge: merge, to: &resources)
                return
            }
            var deletedOne = false
            for document in documents {
                // kustomize leaves a deleted object in place until the entry is done, and
                // crashes on it when it looks up the next document's target.
                if deletedOne {
                    throw RenderError(.build, file: file, "cannot apply the strategic merge patch \"\(ResourceMap.describe(Resource(document).id))\" after a '$patch: delete' in the same 'patches' entry; give the deleting patch an entry of its own")
                }
                let offset: Int
                do {
                    offset = try AnyIDMatch.uniqueTarget(of: document, in: resources, file: file)
                } catch let error as RenderError {
                    throw RenderError(.build, file: file, "no resource matches strategic merge patch \"\(ResourceMap.describe(Resource(document).id))\": \(error.message)")
                }
                var deleted = false
                try resources.modify(at: offset) { resource in
                    deleted = try !mergeInto(&resource, patch: document, options: options, merge: merge)
                }
                if deleted {
                    resources.remove(at: [offset])
                    deletedOne = true
                }
            }
        case .json6902(let operations):
            guard let target else {
                throw RenderError(.kustomization, file: file, "must specify a target for JSON patch \(text)")
            }
            for offset in try target.select(in: resources) {
                try resources.modify(at: offset) { resource in
                    resource.rememberID()
                    resource.object = try jsonPatch(operations, resource.object, file: file)
                    // kustomize writes the annotations back through a string map after the patch.
                    stringifyMetadataMap("annotations", of: &resource.object)
                }
            }
        }
    }

    static func jsonPatch(_ patch: JSONPatch, _ object: Node, file: String) throws -> Node {
        // During a build kustomize's objects always carry its internal annotations,
        // so `metadata.annotations` exists for a patch to add to; it is removed again
        // at output when nothing else is in it.
        var object = object
        if object["metadata"]?.mapping != nil, object[path: ["metadata", "annotations"]]?.mapping == nil {
            object[path: ["metadata", "annotations"]] = .emptyMapping
        }
        do {
            var patched = try patch.apply(to: object)
            if let annotations = patched[path: ["metadata", "annotations"]]?.mapping, annotations.isEmpty {
                patched[path: ["metadata", "annotations"]] = nil
            }
            return patched
        } catch let error as JSONPatchError {
            throw RenderError(.build, file: file, error.message)
        } catch {
            throw RenderError(.build, file: file, "cannot apply a JSON patch to \(Resource(object).id): \(error)")
        }
    }

    /// The patch text of a `patches` entry: inline (trimmed) or read from `path`.
    static func patchText(of spec: Kustomization.PatchSpec, loader: Loader, file: String) throws -> String {
        let inline = spec.patch.trimmingWhitespace
        if inline.isEmpty && spec.path.isEmpty {
            throw RenderError(.kustomization, file: file, "must specify one of patch and path in a 'patches' entry")
        }
        if !inline.isEmpty && !spec.path.isEmpty {
            throw RenderError(.kustomization, file: file, "patch and path can't be set at the same time in a 'patches' entry")
        }
        if spec.path.isEmpty { return inline }
        return String(decoding: try loader.load(spec.path), as: UTF8.self)
    }
}

/// `options` of a `patches` entry.
struct PatchOptions: Sendable {
    var allowNameChange = false
    var allowKindChange = false

    init() {}

    init(_ options: [String: Bool]) {
        allowNameChange = options["allowNameChange"] ?? false
        allowKindChange = options["allowKindChange"] ?? false
    }
}

extension String {
    /// The string without leading and trailing white space (Go's `strings.TrimSpace`).
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{0B}" || $0 == "\u{0C}" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
