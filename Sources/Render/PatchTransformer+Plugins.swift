import Manifests

/// kustomize's built-in patch plugins as `transformers:` entries configure
/// them (`apiVersion: builtin`, kind `PatchTransformer`,
/// `PatchStrategicMergeTransformer` or `PatchJson6902Transformer`). Their
/// configs are read leniently, as kustomize reads plugin configs: unknown
/// fields are ignored.
extension PatchTransformer {
    /// The plugin kinds `runBuiltinPlugin` handles.
    static let pluginKinds: Set<String> = ["PatchTransformer", "PatchStrategicMergeTransformer", "PatchJson6902Transformer"]

    /// Runs the patch plugin `config` configures; false when its kind is not one of them.
    static func runBuiltinPlugin(_ config: Node, loader: Loader, file: String, openAPI: inout OpenAPIState,
                                 to resources: inout ResourceMap) throws -> Bool {
        switch field(config, "kind")?.text ?? "" {
        case "PatchTransformer":
            var spec = Kustomization.PatchSpec()
            spec.path = text(field(config, "path"))
            spec.patch = text(field(config, "patch"))
            spec.target = selector(field(config, "target"))
            for entry in field(config, "options")?.mapping?.entries ?? [] {
                spec.options[entry.key.value] = entry.value.text == "true"
            }
            try applyPatches([spec], loader: loader, file: file, openAPI: &openAPI, to: &resources)
        case "PatchStrategicMergeTransformer":
            let paths = field(config, "paths")?.sequence?.map { text($0) } ?? []
            let inline = text(field(config, "patches"))
            if paths.isEmpty && inline.isEmpty {
                throw RenderError(.kustomization, file: file, "empty file path and empty patch content in a PatchStrategicMergeTransformer; give 'paths' or 'patches'")
            }
            var documents = try strategicMergeDocuments(paths, loader: loader, file: file)
            if !inline.isEmpty { documents += try ResourceReader.objects(Array(inline.utf8), file: file) }
            if documents.isEmpty {
                throw RenderError(.kustomization, file: file, "patch appears to be empty; files=[\(paths.joined(separator: " "))], Patch=\(inline)")
            }
            try applyStrategicMerge(documents, file: file, openAPI: &openAPI, to: &resources)
        case "PatchJson6902Transformer":
            var spec = Kustomization.PatchSpec()
            spec.path = text(field(config, "path"))
            spec.patch = text(field(config, "jsonOp"))
            spec.target = selector(field(config, "target"))
            try applyJSON6902Patches([spec], loader: loader, file: file, to: &resources)
        default:
            return false
        }
        return true
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

    private static func text(_ node: Node?) -> String {
        node?.text ?? ""
    }

    /// A config field as Go's encoding/json finds it: the exact key, else one
    /// that differs only in case (`Path:` sets `path`).
    private static func field(_ config: Node?, _ name: String) -> Node? {
        guard let mapping = config?.mapping else { return nil }
        if let exact = mapping[name] { return exact }
        let lowered = name.lowercased()
        return mapping.entries.first { $0.key.value.lowercased() == lowered }?.value
    }

    private static func selector(_ node: Node?) -> Selector? {
        guard node?.mapping != nil else { return nil }
        var selector = Selector()
        selector.group = field(node, "group")?.text ?? ""
        selector.version = field(node, "version")?.text ?? ""
        selector.kind = field(node, "kind")?.text ?? ""
        selector.name = field(node, "name")?.text ?? ""
        selector.namespace = field(node, "namespace")?.text ?? ""
        selector.labelSelector = field(node, "labelSelector")?.text ?? ""
        selector.annotationSelector = field(node, "annotationSelector")?.text ?? ""
        return selector
    }
}
