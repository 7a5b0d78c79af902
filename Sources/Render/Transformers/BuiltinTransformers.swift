import Manifests

/// A configured transformer plugin, ready to run.
struct PluginTransformer {
    typealias Body = (inout ResourceMap, inout BuildContext) throws -> Void

    let config: PluginConfig
    let body: Body
}

/// kustomize's built-in transformer plugins, configured from plugin config
/// objects (`apiVersion: builtin`), each run through the transformer that
/// serves the matching kustomization field.
enum BuiltinTransformers {
    /// The generators among the built-in plugins, which `transformers:` refuses.
    static let generatorKinds: Set<String> = ["ConfigMapGenerator", "SecretGenerator", "IAMPolicyGenerator"]
    /// The transformers among the built-in plugins, which `generators:` refuses.
    static let transformerKinds: Set<String> = [
        "AnnotationsTransformer", "HashTransformer", "ImageTagTransformer", "LabelTransformer", "NamespaceTransformer",
        "PatchJson6902Transformer", "PatchStrategicMergeTransformer", "PatchTransformer", "PrefixSuffixTransformer",
        "PrefixTransformer", "SuffixTransformer", "ReplicaCountTransformer", "ReplacementTransformer", "ValueAddTransformer",
    ]

    /// Configures the plugin `config` names; paths in the config are relative
    /// to `target`'s directory, as kustomize loads them with the loader of
    /// the kustomization that lists the plugin.
    static func make(_ config: PluginConfig, target: KustomizationTarget, role: String = "transformer") throws -> PluginTransformer {
        try PluginConfigs.checkBuiltin(config, role: role)
        let body: PluginTransformer.Body
        switch config.kind {
        case "AnnotationsTransformer":
            let transformer = AnnotationsTransformer(annotations: try config.stringMap("annotations"), fieldSpecs: try config.fieldSpecs() ?? [])
            body = { resources, _ in try transformer.apply(to: &resources) }
        case "LabelTransformer":
            let transformer = LabelTransformer(pairs: try config.stringMap("labels"), fieldSpecs: try config.fieldSpecs() ?? [])
            body = { resources, _ in try transformer.apply(to: &resources) }
        case "ImageTagTransformer":
            let image = try config.field("imageTag").map { try config.decoder.image($0, "imageTag") } ?? Kustomization.ImageSpec()
            let transformer = ImageTagTransformer(image: image, fieldSpecs: try config.fieldSpecs() ?? [])
            body = { resources, _ in try transformer.apply(to: &resources) }
        case "NamespaceTransformer":
            let transformer = try namespaceTransformer(config)
            body = { resources, _ in try transformer.apply(to: &resources) }
        case "PrefixTransformer", "SuffixTransformer", "PrefixSuffixTransformer":
            body = try nameTransformer(config)
        case "ReplicaCountTransformer":
            let replica = try config.field("replica").map { try config.decoder.replica($0, "replica") } ?? Kustomization.ReplicaSpec()
            let transformer = ReplicaCountTransformer(replica: replica, fieldSpecs: try config.fieldSpecs() ?? [], file: config.source)
            body = { resources, _ in try transformer.apply(to: &resources) }
        case "ReplacementTransformer":
            let entries = try config.field("replacements").map {
                try config.decoder.list($0, "replacements") { try config.decoder.replacement($0, $1) }
            } ?? []
            body = { resources, _ in
                try ReplacementTransformer.apply(entries, loader: target.loader, file: config.source, to: &resources)
            }
        case "HashTransformer":
            body = { resources, _ in try HashSuffix.apply(to: &resources) }
        case "ValueAddTransformer":
            let transformer = try ValueAddTransformer(config, loader: target.loader)
            body = { resources, _ in try transformer.apply(to: &resources) }
        case "PatchTransformer", "PatchStrategicMergeTransformer", "PatchJson6902Transformer":
            body = try patchTransformer(config, target: target)
        case let kind where generatorKinds.contains(kind):
            throw RenderError(.kustomization, file: config.source, "plugin \(config.described) not a transformer; list it under 'generators'")
        case "HelmChartInflationGenerator":
            throw RenderError(.kustomization, file: config.source,
                              "plugin \(config.described) is not supported: git-ops renders only local files; render the chart with 'helm template' and commit its output as resources")
        default:
            throw RenderError(.kustomization, file: config.source, "unable to load builtin \(config.kind).builtin.[noGrp]")
        }
        return PluginTransformer(config: config, body: body)
    }

    static func namespaceTransformer(_ config: PluginConfig) throws -> NamespaceTransformer {
        let mode: NamespaceTransformer.SubjectMode
        switch try config.string("setRoleBindingSubjects") {
        case "", "defaultOnly": mode = .defaultOnly
        case "allServiceAccounts": mode = .allServiceAccounts
        case "none": mode = .none
        case let other:
            throw config.failure("invalid value \"\(other)\" for setRoleBindingSubjects: must be one of \"defaultOnly\", \"none\" or \"allServiceAccounts\"")
        }
        let namespace = try config.object[path: ["metadata", "namespace"]].map { try config.decoder.string($0, "metadata.namespace") } ?? ""
        return NamespaceTransformer(namespace: namespace, fieldSpecs: try config.fieldSpecs() ?? [],
                                    unsetOnly: try config.bool("unsetOnly"), subjectMode: mode)
    }

    /// PrefixTransformer, SuffixTransformer and PrefixSuffixTransformer: the
    /// field specs are required (an empty list is fine). PrefixSuffixTransformer
    /// adds its prefix, then its suffix, which gives the same names as
    /// kustomize's single pass.
    static func nameTransformer(_ config: PluginConfig) throws -> PluginTransformer.Body {
        let prefix = config.kind == "SuffixTransformer" ? "" : try config.string("prefix")
        let suffix = config.kind == "PrefixTransformer" ? "" : try config.string("suffix")
        guard let specs = try config.fieldSpecs() else { throw config.failure("fieldSpecs is not expected to be nil") }
        let kind = config.kind
        return { resources, _ in
            if kind != "SuffixTransformer" { try PrefixSuffixTransformer.addPrefix(prefix, fieldSpecs: specs, to: &resources) }
            if kind != "PrefixTransformer" { try PrefixSuffixTransformer.addSuffix(suffix, fieldSpecs: specs, to: &resources) }
        }
    }

    static func patchTransformer(_ config: PluginConfig, target: KustomizationTarget) throws -> PluginTransformer.Body {
        let file = config.source
        let loader = target.loader
        switch config.kind {
        case "PatchStrategicMergeTransformer":
            var entries = try config.stringList("paths")
            let inline = try config.string("patches")
            if entries.isEmpty && inline.isEmpty { throw config.failure("empty file path and empty patch content") }
            if !inline.isEmpty { entries.append(inline) }
            return { resources, context in
                try PatchTransformer.applyStrategicMergePatches(entries, loader: loader, file: file, openAPI: &context.openAPI, to: &resources)
            }
        case "PatchJson6902Transformer":
            var spec = Kustomization.PatchSpec()
            spec.target = try config.selector("target")
            spec.path = try config.string("path")
            spec.patch = try config.string("jsonOp")
            guard spec.target != nil else { throw config.failure("must specify the target") }
            if spec.path.isEmpty && spec.patch.isEmpty { throw config.failure("empty file path and empty jsonOp") }
            return { resources, _ in
                try PatchTransformer.applyJSON6902Patches([spec], loader: loader, file: file, to: &resources)
            }
        default:
            var spec = Kustomization.PatchSpec()
            spec.target = try config.selector("target")
            spec.path = try config.string("path")
            spec.patch = try config.string("patch")
            if let options = config.field("options") {
                for entry in try config.decoder.mapping(options, "options").entries {
                    spec.options[entry.key.value] = try config.decoder.bool(entry.value, "options.\(entry.key.value)") ?? false
                }
            }
            if spec.patch.trimmingWhitespace.isEmpty && spec.path.isEmpty { throw config.failure("must specify one of patch and path") }
            if !spec.patch.trimmingWhitespace.isEmpty && !spec.path.isEmpty { throw config.failure("patch and path can't be set at the same time") }
            return { resources, context in
                try PatchTransformer.applyPatches([spec], loader: loader, file: file, openAPI: &context.openAPI, to: &resources)
            }
        }
    }
}
