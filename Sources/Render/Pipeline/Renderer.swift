import FileTree
import Manifests

/// Renders a directory of a `FileTree`: a kustomization as `kustomize build`
/// does, or a directory of plain YAML as Flux does (every YAML file, recursively,
/// in path order).
package struct Renderer {
    /// Options of a render.
    package struct Options: Sendable {
        package var loadRestrictor: Loader.Restrictor = .rootOnly
        /// Set to read SOPS-encrypted files as their plaintext; `nil` reads them
        /// as they are, as `kubectl kustomize` does.
        package var decryption: SOPSDecryption?

        package init(loadRestrictor: Loader.Restrictor = .rootOnly, decryption: SOPSDecryption? = nil) {
            self.loadRestrictor = loadRestrictor
            self.decryption = decryption
        }
    }

    /// What a render produced.
    package struct Output: Sendable {
        /// The objects, in output order.
        package var objects: [Node]
        /// Warnings kustomize would print on stderr (deprecated fields).
        package var warnings: [String]
        /// For each object, the file it came from (or the kustomization that made it).
        package var origins: [String] = []

        package init(objects: [Node], warnings: [String], origins: [String] = []) {
            self.objects = objects
            self.warnings = warnings
            self.origins = origins
        }

        /// The YAML stream, byte for byte as `kubectl kustomize` prints it.
        package func yaml() throws -> String {
            String(decoding: try yamlBytes(), as: UTF8.self)
        }

        /// The YAML stream as UTF-8 bytes.
        package func yamlBytes() throws -> [UInt8] {
            Array(try yamlChunks().joined())
        }

        /// The YAML stream as consecutive pieces of UTF-8, to write out one by one.
        package func yamlChunks() throws -> [[UInt8]] {
            do {
                return try YAMLEmitter.streamChunks(objects)
            } catch let error as EmitError {
                // Name the object and where it came from: the error is about its content.
                guard let index = error.document, index < objects.count else {
                    throw RenderError(.build, file: "", "cannot print the rendered objects: \(error)")
                }
                let origin = index < origins.count ? origins[index] : ""
                throw RenderError(.build, file: origin, "cannot print \(Resource(objects[index]).id): \(error)")
            }
        }
    }

    let tree: any FileTree
    let options: Options
    /// Whether `tree` reads SOPS files as plaintext (cached builds are kept apart).
    var decrypting = false
    /// Bases already built, shared with other renderers of the same tree.
    let cache: RenderCache?

    package init(tree: any FileTree, options: Options = Options(), cache: RenderCache? = nil) {
        self.cache = cache
        // Decrypting below any recording: what a render reads is the encrypted file's object.
        self.tree = options.decryption.map { tree is DecryptingTree ? tree : DecryptingTree(base: tree, decryption: $0) } ?? tree
        self.options = options
    }

    /// Renders the directory at the tree path `directory`.
    package func render(_ directory: String) throws -> Output {
        try render(directory, recorder: nil)
    }

    /// Renders `directory` and says what the render read: every path it asked
    /// about, with the object that was there. Another revision of the tree
    /// that holds the same objects at all those paths renders the same; `nil`
    /// inputs for a tree whose objects have no identities (a directory on disk).
    package func renderRecordingInputs(_ directory: String) throws -> (output: Output, inputs: RenderInputs?) {
        guard tree.contentIdentity("") != nil else { return (try render(directory), nil) }
        let recorder = DependencyRecorder(parent: nil)
        var plain = options
        plain.decryption = nil
        var recording = Renderer(tree: RecordingTree(base: tree, recorder: recorder), options: plain, cache: cache)
        recording.decrypting = options.decryption != nil
        let output = try recording.render(directory, recorder: recorder)
        return (output, RenderInputs(paths: recorder.paths))
    }

    /// Renders the kustomization at `directory` keeping apart what each entry of
    /// its `resources:` contributed (`UnitRender`); with `only`, renders those
    /// entries alone under the same top kustomization. `nil` for a directory
    /// without a kustomization and for a tree whose objects have no identities.
    package func renderUnits(_ directory: String, only: Set<Int>? = nil) throws -> UnitRender? {
        guard tree.contentIdentity("") != nil, tree.entryKind(directory) == .directory else { return nil }
        let probe = Loader(tree: tree, root: directory, restrictor: options.loadRestrictor)
        guard Kustomization.fileNames.contains(where: { probe.kind(of: $0) != nil }) else { return nil }
        let top = DependencyRecorder(parent: nil)
        var plain = options
        plain.decryption = nil
        var recording = Renderer(tree: RecordingTree(base: tree, recorder: top), options: plain, cache: cache)
        recording.decrypting = options.decryption != nil
        let plan = UnitPlan(only: only)
        var render: UnitRender?
        _ = try recording.render(directory, recorder: top, plan: plan, units: &render)
        let kindOnly = top.kindOnlyPaths
        render?.topInputs = top.paths.keys.filter { !kindOnly.contains($0) }
        render?.topKindInputs = Array(kindOnly)
        return render
    }

    func render(_ directory: String, recorder: DependencyRecorder?) throws -> Output {
        var units: UnitRender?
        return try render(directory, recorder: recorder, plan: nil, units: &units)
    }

    func render(_ directory: String, recorder: DependencyRecorder?, plan: UnitPlan?, units: inout UnitRender?) throws -> Output {
        switch tree.entryKind(directory) {
        case .directory:
            break
        case .file:
            throw RenderError(.read, file: tree.displayPath(directory), "not a directory; give the directory that holds the kustomization")
        case .other, nil:
            throw RenderError(.read, file: tree.displayPath(directory), "no such directory")
        }
        let loader = Loader(tree: tree, root: directory, restrictor: options.loadRestrictor)
        // Any entry of a kustomization's name makes this a kustomization: one that
        // is not a regular file is refused when it is loaded, not ignored.
        let hasKustomization = Kustomization.fileNames.contains { loader.kind(of: $0) != nil }
        if !hasKustomization {
            let (objects, origins) = try PlainDirectory(tree: tree).objects(in: directory)
            return Output(objects: objects, warnings: [], origins: origins)
        }
        var context = BuildContext()
        context.cache = cache
        context.recorder = recorder
        context.decrypting = decrypting || options.decryption != nil
        let target = try KustomizationTarget(loader: loader, warnings: &context.warnings, cache: cache)
        try target.setOpenAPI(in: &context, reset: true)
        // kustomize tracks origins through the whole build when the top
        // kustomization has any buildMetadata, and drops what was not asked for at the end.
        if !target.kustomization.buildMetadata.isEmpty { context.originRoot = directory }
        // A Component built directly is built like a kustomization: it starts
        // from an empty set of resources (kustomize only checks the kind of a
        // directory listed under 'resources:' or 'components:').
        context.unitPlan = plan
        var accumulator = Accumulator()
        try target.accumulate(into: &accumulator, context: &context)
        let prefinish = plan == nil ? [] : accumulator.resources.items
        let hasVars = !accumulator.vars.isEmpty
        try Finisher(kustomization: target.kustomization, file: target.file).finish(&accumulator)
        let finisher = Finisher(kustomization: target.kustomization, file: target.file)
        let (objects, origins, objectUnits) = try finisher.outputWithOrigins(&accumulator.resources)
        let output = Output(objects: objects, warnings: context.warnings, origins: origins)
        if let plan {
            units = UnitRender(output: output, objectUnits: objectUnits,
                               units: plan.summary(prefinish: prefinish, objects: objects, objectUnits: objectUnits),
                               entryCount: target.kustomization.resources.count, topInputs: [],
                               separable: UnitRender.isSeparable(target.kustomization), hasVars: hasVars,
                               order: UnitRender.order(of: target.kustomization))
        }
        return output
    }
}
