import Manifests

/// `configMapGenerator` and `secretGenerator`: every ConfigMap entry, then
/// every Secret entry, each made and then absorbed into the resources
/// accumulated so far (created, or merged into / replacing a resource of the
/// same id from a base, per its `behavior`).
enum Generators {
    /// `origin` gives the origin of what a built-in generator makes, when origins are tracked.
    static func run(_ kustomization: Kustomization, loader: Loader, file: String,
                    origin: (String) -> Origin? = { _ in nil }, into resources: inout ResourceMap) throws {
        var generated: [BuildResource] = []
        let values = KeyValueLoader(loader: loader, file: file)
        for (index, args) in kustomization.configMapGenerator.enumerated() {
            let options = mergedOptions(args.options, kustomization.generatorOptions)
            let field = "configMapGenerator[\(index)]"
            generated.append(try configMap(args, options: options, pairs: values.pairs(args, field: field), file: file, field: field))
            if let origin = origin("ConfigMapGenerator") { generated[generated.count - 1].setOrigin(origin) }
        }
        for (index, args) in kustomization.secretGenerator.enumerated() {
            let options = mergedOptions(args.options, kustomization.generatorOptions)
            let field = "secretGenerator[\(index)]"
            generated.append(try secret(args, options: options, pairs: values.pairs(args, field: field), file: file, field: field))
            if let origin = origin("SecretGenerator") { generated[generated.count - 1].setOrigin(origin) }
        }
        if !generated.isEmpty { try resources.absorb(generated, file: file) }
    }

    /// kustomize's `MergeGlobalOptionsIntoLocal`: an entry's own labels and
    /// annotations win over `generatorOptions`; either side can turn the hash
    /// off or make the object immutable.
    static func mergedOptions(_ local: Kustomization.GeneratorOptions?,
                              _ global: Kustomization.GeneratorOptions?) -> Kustomization.GeneratorOptions {
        var result = local ?? Kustomization.GeneratorOptions()
        guard let global else { return result }
        for pair in global.labels where !result.labels.contains(where: { $0.key == pair.key }) { result.labels.append(pair) }
        for pair in global.annotations where !result.annotations.contains(where: { $0.key == pair.key }) {
            result.annotations.append(pair)
        }
        if global.disableNameSuffixHash == true { result.disableNameSuffixHash = true }
        if global.immutable == true { result.immutable = true }
        return result
    }

    static func configMap(_ args: Kustomization.GeneratorArgs, options: Kustomization.GeneratorOptions,
                          pairs: [KeyValueLoader.Pair], file: String, field: String) throws -> BuildResource {
        var object = try baseObject(kind: "ConfigMap", args, options: options, file: file, field: field)
        // Text values go to `data`; values that are not UTF-8 to `binaryData`, in base64.
        var data = Mapping()
        var binaryData = Mapping()
        for pair in pairs.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            if let text = String(validating: pair.value, as: UTF8.self) {
                data[pair.key] = .string(text)
            } else {
                binaryData[pair.key] = .string(Base64.encodeWrapped(pair.value))
            }
        }
        if !data.isEmpty { object["data"] = .mapping(data) }
        if !binaryData.isEmpty { object["binaryData"] = .mapping(binaryData) }
        if options.immutable == true { object["immutable"] = .bool(true) }
        return resource(object, args, options: options, file: file)
    }

    static func secret(_ args: Kustomization.GeneratorArgs, options: Kustomization.GeneratorOptions,
                       pairs: [KeyValueLoader.Pair], file: String, field: String) throws -> BuildResource {
        var object = try baseObject(kind: "Secret", args, options: options, file: file, field: field)
        object["type"] = .string(args.type.isEmpty ? "Opaque" : args.type)
        // Every value is base64, and `data` is there even when empty.
        var data = Mapping()
        for pair in pairs.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            data[pair.key] = .string(Base64.encodeWrapped(pair.value))
        }
        object["data"] = .mapping(data)
        if options.immutable == true { object["immutable"] = .bool(true) }
        return resource(object, args, options: options, file: file)
    }

    static func baseObject(kind: String, _ args: Kustomization.GeneratorArgs, options: Kustomization.GeneratorOptions,
                           file: String, field: String) throws -> Node {
        guard !args.name.isEmpty else {
            throw RenderError(.kustomization, file: file, "'\(field)' has no name; a generated \(kind) must have a name")
        }
        var metadata = Mapping()
        metadata["name"] = .string(args.name)
        if !args.namespace.isEmpty { metadata["namespace"] = .string(args.namespace) }
        if !options.labels.isEmpty { metadata["labels"] = .mapping(sortedStrings(options.labels)) }
        if !options.annotations.isEmpty { metadata["annotations"] = .mapping(sortedStrings(options.annotations)) }
        var object = Node.emptyMapping
        object["apiVersion"] = .string("v1")
        object["kind"] = .string(kind)
        object["metadata"] = .mapping(metadata)
        return object
    }

    static func sortedStrings(_ pairs: [(key: String, value: String)]) -> Mapping {
        var mapping = Mapping()
        for pair in pairs.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            mapping.setUntagged(pair.key, .string(pair.value))
        }
        return mapping
    }

    static func resource(_ object: Node, _ args: Kustomization.GeneratorArgs, options: Kustomization.GeneratorOptions,
                         file: String) -> BuildResource {
        var resource = BuildResource(object: object, origin: file)
        // kustomize treats an unknown behavior (`upsert`, or none) as create.
        resource.behavior = BuildResource.Behavior(rawValue: args.behavior) ?? .create
        resource.needsHashSuffix = options.disableNameSuffixHash != true
        return resource
    }
}
