import Manifests

/// kustomize's built-in name plugins as `transformers:` and `generators:`
/// entries configure them (`apiVersion: builtin`): NamespaceTransformer,
/// PrefixTransformer, SuffixTransformer, PrefixSuffixTransformer and
/// HashTransformer; ConfigMapGenerator and SecretGenerator. Their configs are
/// read as kustomize reads plugin configs: unknown fields ignored, field names
/// matched without regard to case.
enum NamePlugins {
    /// The transformer kinds `runBuiltinTransformer` handles.
    static let transformerKinds: Set<String> = [
        "NamespaceTransformer", "PrefixTransformer", "SuffixTransformer", "PrefixSuffixTransformer", "HashTransformer",
    ]
    /// The generator kinds `generate` handles.
    static let generatorKinds: Set<String> = ["ConfigMapGenerator", "SecretGenerator"]

    /// Runs the transformer `config` configures; false when its kind is not one of these.
    static func runBuiltinTransformer(_ config: Node, file: String, to resources: inout ResourceMap) throws -> Bool {
        let decoder = ConfigDecoder(file: file, strict: false)
        switch field(config, "kind")?.text ?? "" {
        case "NamespaceTransformer":
            let mode = field(config, "setRoleBindingSubjects")?.text ?? ""
            guard let subjectMode = mode.isEmpty ? .defaultOnly : NamespaceTransformer.SubjectMode(rawValue: mode) else {
                throw RenderError(.kustomization, file: file,
                                  "invalid value '\(mode)' for setRoleBindingSubjects: must be one of 'defaultOnly', 'none' or 'allServiceAccounts'")
            }
            let namespace = field(field(config, "metadata"), "namespace")?.text ?? ""
            let specs = try decoder.fieldSpecs(field(config, "fieldSpecs") ?? .null, "fieldSpecs")
            try NamespaceTransformer(namespace: namespace, fieldSpecs: specs,
                                     unsetOnly: field(config, "unsetOnly")?.text == "true", subjectMode: subjectMode)
                .apply(to: &resources)
        case "PrefixTransformer", "SuffixTransformer", "PrefixSuffixTransformer":
            guard let specsNode = field(config, "fieldSpecs"), !specsNode.isNull else {
                throw RenderError(.kustomization, file: file, "fieldSpecs is not expected to be nil; give the fields to rename")
            }
            let specs = try decoder.fieldSpecs(specsNode, "fieldSpecs")
            let prefix = field(config, "prefix")?.text ?? ""
            let suffix = field(config, "suffix")?.text ?? ""
            switch field(config, "kind")?.text {
            case "PrefixTransformer":
                try PrefixSuffixTransformer.addPrefix(prefix, fieldSpecs: specs, to: &resources)
            case "SuffixTransformer":
                try PrefixSuffixTransformer.addSuffix(suffix, fieldSpecs: specs, to: &resources)
            default:
                try PrefixSuffixTransformer.addAffixes(prefix: prefix, suffix: suffix, fieldSpecs: specs, to: &resources)
            }
        case "HashTransformer":
            try HashSuffix.apply(to: &resources)
        default:
            return false
        }
        return true
    }

    /// The object a generator config makes, to be absorbed into the
    /// resources (`ResourceMap.absorb`); nil when its kind is not one of these.
    static func generate(_ config: Node, loader: Loader, file: String) throws -> BuildResource? {
        let kind = field(config, "kind")?.text ?? ""
        guard generatorKinds.contains(kind) else { return nil }
        let decoder = FieldDecoder(file: file)
        var lenient = Mapping()
        let known = ["name", "namespace", "behavior", "literals", "files", "envs", "env", "options", "type"]
        for entry in config.mapping?.entries ?? [] {
            let name = ConfigDecoder.fieldName(entry.key.value, known)
            if known.contains(name), name != "type" || kind == "SecretGenerator" { lenient[name] = entry.value }
        }
        var args = try decoder.generatorArgs(.mapping(lenient), kind, secret: kind == "SecretGenerator")
        // The plugin's own metadata names the object when the args do not.
        if args.name.isEmpty { args.name = field(field(config, "metadata"), "name")?.text ?? "" }
        if args.namespace.isEmpty { args.namespace = field(field(config, "metadata"), "namespace")?.text ?? "" }
        let options = Generators.mergedOptions(args.options, nil)
        let pairs = try KeyValueLoader(loader: loader, file: file).pairs(args, field: kind)
        return kind == "SecretGenerator"
            ? try Generators.secret(args, options: options, pairs: pairs, file: file, field: kind)
            : try Generators.configMap(args, options: options, pairs: pairs, file: file, field: kind)
    }

    /// A config field as Go's JSON decoder finds it: the exact key, else one
    /// that differs only in case.
    static func field(_ config: Node?, _ name: String) -> Node? {
        guard let mapping = config?.mapping else { return nil }
        if let exact = mapping[name] { return exact }
        let folded = ConfigDecoder.fold(name)
        return mapping.entries.last { ConfigDecoder.fold($0.key.value) == folded }?.value
    }
}
