import Manifests

/// `transformers:`, `generators:` and `validators:`: each entry is inline
/// YAML of plugin config objects, a file of them, or a directory whose
/// kustomization outputs them. git-ops runs kustomize's built-in plugins
/// (`apiVersion: builtin`) and refuses every other (exec, Go, KRM function).
///
/// As in kustomize, every config is read with the kustomization that lists
/// it (paths in a config are relative to that kustomization), inline entries
/// come before path entries, and a config's plugin works on the resources
/// of the kustomization that lists it.
enum PluginConfigs {
    /// The config objects of `entries`: inline ones first, then those read
    /// from files and directories (built as kustomizations), in order.
    static func load(_ entries: [String], of target: KustomizationTarget, context: inout BuildContext) throws -> [PluginConfig] {
        guard !entries.isEmpty else { return [] }
        var accumulator = Accumulator()
        var paths: [String] = []
        let inlineOrigin = target.originPath(target.fileName, context: context).map { Origin(path: $0) }
        for entry in entries {
            // kustomize reads an entry as inline YAML first, as a path only when that fails.
            guard let objects = try? ResourceReader.objects(Array(entry.utf8), file: target.file) else {
                paths.append(entry)
                continue
            }
            for object in objects {
                var resource = BuildResource(object: object, origin: target.file)
                if let inlineOrigin { resource.setOrigin(inlineOrigin) }
                try accumulator.resources.append(resource)
            }
        }
        try target.accumulateResources(paths, into: &accumulator, context: &context)
        return accumulator.resources.items.map(PluginConfig.init)
    }

    /// Refuses a config that is not kustomize's built-in plugin.
    static func checkBuiltin(_ config: PluginConfig, role: String) throws {
        guard config.isBuiltin else {
            throw RenderError(.kustomization, file: config.source,
                              "\(role) plugin '\(config.kind)' (apiVersion '\(config.resource.apiVersion)') is not one of kustomize's built-in plugins: git-ops does not run plugins (exec, Go or KRM function plugins); commit the output the plugin would produce, or use a built-in plugin with 'apiVersion: builtin'")
        }
    }

    /// The configured plugins of `transformers:`.
    static func transformers(of target: KustomizationTarget, context: inout BuildContext) throws -> [PluginTransformer] {
        try load(target.kustomization.transformers, of: target, context: &context).map {
            try BuiltinTransformers.make($0, target: target)
        }
    }

    /// Runs transformer plugins in order. With origins tracked, each is
    /// recorded on every resource; objects a plugin leaves empty are dropped.
    static func run(_ plugins: [PluginTransformer], on resources: inout ResourceMap, context: inout BuildContext) throws {
        for plugin in plugins {
            try plugin.body(&resources, &context)
            if let origin = Origin.ofPlugin(plugin.config.object) {
                KustomizationTarget.note(origin, on: &resources)
            }
            dropEmpty(&resources)
        }
    }

    /// kustomize's `DropEmpties`.
    static func dropEmpty(_ resources: inout ResourceMap) {
        var empty = Set<Int>()
        for (offset, item) in resources.items.enumerated() where ResourceReader.isEmpty(item.object) {
            empty.insert(offset)
        }
        if !empty.isEmpty { resources.remove(at: empty) }
    }

    /// `validators:`: transformer plugins that must leave the resources as
    /// they are, except for a `validated-by` label, which stays (kustomize
    /// runs a validator on the build's own objects and compares them to a copy).
    static func runValidators(of target: KustomizationTarget, on resources: inout ResourceMap,
                              context: inout BuildContext) throws {
        let configs = try load(target.kustomization.validators, of: target, context: &context)
        for config in configs {
            let validator = try BuiltinTransformers.make(config, target: target, role: "validator")
            var validated = resources
            try validator.body(&validated, &context)
            var changed = validated.items.count != resources.items.count
            for (before, after) in zip(resources.items, validated.items) where !changed {
                var object = after.object
                if object[path: ["metadata", "labels", "validated-by"]] != nil {
                    object[path: ["metadata", "labels", "validated-by"]] = nil
                    if object[path: ["metadata", "labels"]]?.mapping?.isEmpty == true,
                       before.object[path: ["metadata", "labels"]] == nil {
                        object[path: ["metadata", "labels"]] = nil
                    }
                }
                changed = object != before.object || after.allIDs != before.allIDs
            }
            if changed {
                throw RenderError(.build, file: config.source,
                                  "validator shouldn't modify the resource map: plugin \(config.described) changed the objects; list it under 'transformers' instead")
            }
            resources = validated
        }
    }

    /// `generators:`: the objects of each generator plugin, taken in like
    /// those of `configMapGenerator` (created, or merged into or replacing
    /// an object of the same id, per their `behavior`).
    static func runGenerators(of target: KustomizationTarget, into accumulator: inout Accumulator,
                              context: inout BuildContext) throws {
        let configs = try load(target.kustomization.generators, of: target, context: &context)
        for config in configs {
            var generated = try BuiltinGenerators.generate(config, target: target)
            if let origin = Origin.ofPlugin(config.object) {
                for index in generated.indices where !generated[index].hasOrigin { generated[index].setOrigin(origin) }
            }
            try accumulator.resources.absorb(generated, file: config.source)
        }
    }
}
