import Manifests

/// What one kustomization directory contributes to a build, and the order
/// kustomize does it in: resources (bases fully built first), generators,
/// components, then the transformers of its fields.
struct KustomizationTarget {
    let loader: Loader
    let kustomization: Kustomization
    /// The kustomization file, as shown to users.
    let file: String
    /// The kustomization file's name in its directory (`kustomization.yaml`).
    let fileName: String

    /// Loads the kustomization of the loader's directory.
    init(loader: Loader, warnings: inout [String], cache: RenderCache? = nil) throws {
        var found: [(name: String, bytes: [UInt8])] = []
        for name in Kustomization.fileNames {
            switch loader.kind(of: name) {
            case .file:
                found.append((name, try loader.load(name)))
            case .directory, .other:
                // kustomize fails to read it; a FIFO would even block it. Neither is an empty directory.
                throw RenderError(.read, file: loader.display(name),
                                  "'\(loader.display(name))' is not a regular file; a kustomization must be a YAML file")
            case nil:
                continue
            }
        }
        guard let first = found.first else {
            throw RenderError(.read, file: loader.display(""),
                              "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '\(loader.display(""))'")
        }
        guard found.count == 1 else {
            throw RenderError(.kustomization, file: loader.display(""), "found multiple kustomization files under: \(loader.display(""))")
        }
        self.loader = loader
        self.file = loader.display(first.name)
        self.fileName = first.name
        let file = self.file
        if let cache {
            self.kustomization = try cache.kustomizations.value(file: file, bytes: first.bytes) {
                try Kustomization.decode(first.bytes, file: file)
            }
        } else {
            self.kustomization = try Kustomization.decode(first.bytes, file: file)
        }
        warnings += kustomization.warnings
    }

    /// Builds this kustomization on top of `accumulator` (empty unless this is a component).
    func accumulate(into accumulator: inout Accumulator, context: inout BuildContext) throws {
        try accumulateResources(kustomization.resources, into: &accumulator, context: &context)
        try accumulator.config.merge(TransformerConfig.load(kustomization.configurations, loader: loader, file: file))
        try accumulator.config.merge(TransformerConfig.fromCRDs(kustomization.crds, loader: loader))
        try Generators.run(kustomization, loader: loader, file: file,
                           origin: { builtinOrigin($0, context: context) }, into: &accumulator.resources)
        try PluginConfigs.runGenerators(of: self, into: &accumulator, context: &context)
        try accumulateComponents(into: &accumulator, context: &context)
        try runTransformers(on: &accumulator, context: &context)
        try VarResolver.declare(kustomization.vars, file: file, in: &accumulator)
    }

    func accumulateResources(_ paths: [String], into accumulator: inout Accumulator, context: inout BuildContext) throws {
        // A render by units: this is the top kustomization's list; nothing below sees the plan.
        let plan = context.unitPlan
        context.unitPlan = nil
        plan?.prepare(paths)
        let prebuilt = prebuildBases(paths, context: context, plan: plan)
        let prebuiltCount = prebuilt.values.reduce(0) { $0 + ((try? $1.get())?.accumulator.resources.count ?? 0) }
        if prebuiltCount > 0 { accumulator.resources.reserveCapacity(adding: prebuiltCount) }
        for (index, path) in paths.enumerated() {
            guard let plan else {
                _ = try accumulateResource(path, prebuilt: prebuilt[index], loader: loader, into: &accumulator, context: &context)
                continue
            }
            guard plan.includes(index) else { continue }
            // In a render by units, each entry reads through its own recorder.
            let outer = context.recorder
            context.recorder = plan.recorder(index)
            let offset = accumulator.resources.count
            let schema = context.openAPI
            let added: Accumulator?
            do {
                added = try accumulateResource(path, prebuilt: prebuilt[index], loader: plan.loader(index, from: loader),
                                               into: &accumulator, context: &context)
            } catch {
                context.recorder = outer
                throw error
            }
            context.recorder = outer
            // Every build starts from kustomize's default configuration; more than it acts on all units.
            let global = added.map { !$0.vars.isEmpty || !($0.config.isEmpty || $0.config == .mergedDefaults) } ?? false
            plan.added(index, resources: &accumulator.resources, from: offset,
                       actsGlobally: global || !context.openAPI.sameSchema(as: schema))
        }
    }

    /// Adds the entry `path` of `resources:`; returns the base it built, if it is one.
    private func accumulateResource(_ path: String, prebuilt: Result<PrebuiltBase, Error>?, loader: Loader,
                                    into accumulator: inout Accumulator, context: inout BuildContext) throws -> Accumulator? {
        if Remote.isRemote(path) {
            throw RenderError(.kustomization, file: file,
                              "remote resource '\(path)' is not supported: git-ops renders only what is in the repository; vendor the base into the repository (git subtree or a copy) and refer to it by a relative path")
        }
        if let prebuilt {
            let built = try prebuilt.get()
            context.warnings += built.warnings
            try accumulator.merge(built.accumulator)
            return built.accumulator
        }
        switch loader.kind(of: path) {
        case .file:
            let display = loader.display(path)
            let bytes = try loader.load(path)
            let objects = try context.cache.map { cache in
                try cache.resourceFiles.value(file: display, bytes: bytes) { try ResourceReader.objects(bytes, file: display) }
            } ?? ResourceReader.objects(bytes, file: display)
            let origin = originPath(path, context: context).map { Origin(path: $0) }
            for object in objects {
                context.openAPI.noteRead(object)
                var resource = BuildResource(object: object, origin: display)
                if let origin { resource.setOrigin(origin) }
                try accumulator.resources.append(resource)
            }
            return nil
        case .directory:
            let sub = try Self.buildBase(path, listedIn: file, loader: loader, context: &context)
            try accumulator.merge(sub)
            return sub
        case .other, nil:
            throw RenderError(.read, file: file,
                              "accumulating resources: '\(loader.display(path))' is not a file or directory of the tree; fix the path in 'resources'")
        }
    }

    func accumulateComponents(into accumulator: inout Accumulator, context: inout BuildContext) throws {
        for path in kustomization.components {
            guard loader.kind(of: path) == .directory else {
                throw RenderError(.read, file: file, "component '\(loader.display(path))' is not a directory; fix the path in 'components'")
            }
            let child = try loader.child(path, listedIn: file)
            let target = try KustomizationTarget(loader: child, warnings: &context.warnings, cache: context.cache)
            try target.setOpenAPI(in: &context, reset: false)
            guard target.kustomization.isComponent else {
                throw RenderError(.kustomization, file: target.file,
                                  "expected kind 'Component' for path '\(child.display(""))' but got '\(target.kustomization.kind)'")
            }
            // A component works on the resources accumulated so far, as if it were part of this kustomization.
            try target.accumulate(into: &accumulator, context: &context)
        }
    }

    /// The transformers of this kustomization's fields in kustomize's order,
    /// then those of `transformers:`, then the `validators:`. With origins
    /// tracked, each transformer (one per entry of a list field) is recorded
    /// on every resource.
    func runTransformers(on accumulator: inout Accumulator, context: inout BuildContext) throws {
        let config = accumulator.config
        // kustomize configures every transformer, plugins included, before running the first.
        let plugins = try PluginConfigs.transformers(of: self, context: &context)
        if !kustomization.patchesStrategicMerge.isEmpty {
            try PatchTransformer.applyStrategicMergePatches(kustomization.patchesStrategicMerge, loader: loader, file: file,
                                                           openAPI: &context.openAPI, to: &accumulator.resources)
            noteTransformer("PatchStrategicMergeTransformer", on: &accumulator.resources, context: context)
        }
        for patch in kustomization.patches {
            try PatchTransformer.applyPatches([patch], loader: loader, file: file, openAPI: &context.openAPI,
                                              to: &accumulator.resources, memo: context.cache?.patches)
            noteTransformer("PatchTransformer", on: &accumulator.resources, context: context)
        }
        if !kustomization.namespace.isEmpty {
            try NamespaceTransformer(namespace: kustomization.namespace, fieldSpecs: config.namespace)
                .apply(to: &accumulator.resources)
            noteTransformer("NamespaceTransformer", on: &accumulator.resources, context: context)
        }
        if !kustomization.namePrefix.isEmpty {
            try PrefixSuffixTransformer(prefix: kustomization.namePrefix, suffix: "", config: config)
                .apply(to: &accumulator.resources)
            noteTransformer("PrefixTransformer", on: &accumulator.resources, context: context)
        }
        if !kustomization.nameSuffix.isEmpty {
            try PrefixSuffixTransformer(prefix: "", suffix: kustomization.nameSuffix, config: config)
                .apply(to: &accumulator.resources)
            noteTransformer("SuffixTransformer", on: &accumulator.resources, context: context)
        }
        for labels in kustomization.labels {
            try LabelTransformer(labels: labels, config: config, file: file).apply(to: &accumulator.resources)
            noteTransformer("LabelTransformer", on: &accumulator.resources, context: context)
        }
        // kustomize runs the commonLabels transformer, empty or not, whenever there are labels.
        if !kustomization.commonLabels.isEmpty || !kustomization.labels.isEmpty {
            try LabelTransformer(commonLabels: kustomization.commonLabels, config: config).apply(to: &accumulator.resources)
            noteTransformer("LabelTransformer", on: &accumulator.resources, context: context)
        }
        if !kustomization.commonAnnotations.isEmpty {
            try AnnotationsTransformer(annotations: kustomization.commonAnnotations, fieldSpecs: config.commonAnnotations)
                .apply(to: &accumulator.resources)
            noteTransformer("AnnotationsTransformer", on: &accumulator.resources, context: context)
        }
        for patch in kustomization.patchesJson6902 {
            try PatchTransformer.applyJSON6902Patches([patch], loader: loader, file: file, to: &accumulator.resources)
            noteTransformer("PatchJson6902Transformer", on: &accumulator.resources, context: context)
        }
        for replica in kustomization.replicas {
            try ReplicaCountTransformer(replica: replica, fieldSpecs: config.replicas, file: file).apply(to: &accumulator.resources)
            noteTransformer("ReplicaCountTransformer", on: &accumulator.resources, context: context)
        }
        for image in kustomization.images {
            try ImageTagTransformer(image: image, fieldSpecs: config.images).apply(to: &accumulator.resources)
            noteTransformer("ImageTagTransformer", on: &accumulator.resources, context: context)
        }
        if !kustomization.replacements.isEmpty {
            try ReplacementTransformer.apply(kustomization.replacements, loader: loader, file: file, to: &accumulator.resources)
            noteTransformer("ReplacementTransformer", on: &accumulator.resources, context: context)
        }
        try PluginConfigs.run(plugins, on: &accumulator.resources, context: &context)
        try PluginConfigs.runValidators(of: self, on: &accumulator.resources, context: &context)
    }
}

/// Recognising resources that live elsewhere (git URLs, HTTP), which git-ops refuses.
enum Remote {
    static func isRemote(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("git::")
            || lower.hasPrefix("git@") || lower.hasPrefix("ssh://") || lower.hasPrefix("github.com/")
            || lower.hasPrefix("gitlab.com/") || lower.hasPrefix("bitbucket.org/")
    }
}
