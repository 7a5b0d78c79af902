import Manifests

/// kustomize's built-in generator plugins, configured from plugin config
/// objects of `generators:`: ConfigMapGenerator and SecretGenerator (the
/// arguments of a `configMapGenerator`/`secretGenerator` entry, the name and
/// namespace defaulting to the config's metadata) and IAMPolicyGenerator.
enum BuiltinGenerators {
    /// The objects the plugin `config` names generates; file paths are
    /// relative to `target`'s directory.
    static func generate(_ config: PluginConfig, target: KustomizationTarget) throws -> [BuildResource] {
        try PluginConfigs.checkBuiltin(config, role: "generator")
        switch config.kind {
        case "ConfigMapGenerator", "SecretGenerator":
            let secret = config.kind == "SecretGenerator"
            // The deprecated `env` field is folded into `envs` only in kustomization
            // files; a plugin config's `env` is read and ignored.
            var object = config.object
            object["env"] = nil
            var args = try config.decoder.generatorArgs(object, config.kind, secret: secret)
            if args.name.isEmpty { args.name = config.resource.name }
            if args.namespace.isEmpty { args.namespace = config.resource.namespace }
            // A plugin's own options only: the kustomization's generatorOptions do not apply.
            let options = args.options ?? Kustomization.GeneratorOptions()
            let pairs = try KeyValueLoader(loader: target.loader, file: config.source).pairs(args, field: config.kind)
            return [secret
                ? try Generators.secret(args, options: options, pairs: pairs, file: config.source, field: config.kind)
                : try Generators.configMap(args, options: options, pairs: pairs, file: config.source, field: config.kind)]
        case "IAMPolicyGenerator":
            return [try iamPolicyServiceAccount(config)]
        case "HelmChartInflationGenerator":
            throw RenderError(.kustomization, file: config.source,
                              "plugin \(config.described) is not supported: git-ops renders only local files; render the chart with 'helm template' and commit its output as resources")
        default:
            if BuiltinTransformers.transformerKinds.contains(config.kind) {
                throw RenderError(.kustomization, file: config.source,
                                  "loading generator plugins: plugin \(config.described) not a generator; list it under 'transformers'")
            }
            throw RenderError(.kustomization, file: config.source, "unable to load builtin \(config.kind).builtin.[noGrp]")
        }
    }

    /// IAMPolicyGenerator (cloud `gke` only): a ServiceAccount annotated with
    /// its Google service account, built from YAML text as kustomize does.
    static func iamPolicyServiceAccount(_ config: PluginConfig) throws -> BuildResource {
        let cloud = try config.string("cloud")
        guard cloud == "gke" else { throw config.failure("cloud provider \(cloud) not supported yet") }
        let service = try config.field("kubernetesService").map { try config.decoder.mapping($0, "kubernetesService") } ?? Mapping()
        let account = try config.field("serviceAccount").map { try config.decoder.mapping($0, "serviceAccount") } ?? Mapping()
        func text(_ mapping: Mapping, _ key: String, _ field: String) throws -> String {
            guard let node = mapping[key] else { return "" }
            return try config.decoder.string(node, "\(field).\(key)")
        }
        var yaml = """

            apiVersion: v1
            kind: ServiceAccount
            metadata:
              annotations:
                iam.gke.io/gcp-service-account: \(try text(account, "name", "serviceAccount"))@\(try text(account, "projectId", "serviceAccount")).iam.gserviceaccount.com
              name: \(try text(service, "name", "kubernetesService"))

            """
        let namespace = try text(service, "namespace", "kubernetesService")
        if !namespace.isEmpty { yaml += "\n  namespace: \(namespace)" }
        let objects: [Node]
        do {
            objects = try YAMLParser(source: config.source).parse(Array(yaml.utf8))
        } catch let error as YAMLError {
            throw config.failure("generated service account is not valid YAML: \(error.message)")
        }
        guard let object = objects.first else { throw config.failure("generated no service account") }
        return BuildResource(object: object, origin: config.source)
    }
}
