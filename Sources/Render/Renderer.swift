import Manifests

/// Renders a directory of a `FileTree`: a kustomization as `kustomize build`
/// does, or a directory of plain YAML as Flux does (every YAML file, recursively,
/// in path order).
package struct Renderer {
    /// Options of a render.
    package struct Options: Sendable {
        package var loadRestrictor: Loader.Restrictor = .rootOnly

        package init(loadRestrictor: Loader.Restrictor = .rootOnly) {
            self.loadRestrictor = loadRestrictor
        }
    }

    /// What a render produced.
    package struct Output: Sendable {
        /// The objects, in output order.
        package var objects: [Node]
        /// Warnings kustomize would print on stderr (deprecated fields).
        package var warnings: [String]

        /// The YAML stream, byte for byte as `kubectl kustomize` prints it.
        package func yaml() throws -> String {
            String(decoding: try yamlBytes(), as: UTF8.self)
        }

        /// The YAML stream as UTF-8 bytes.
        package func yamlBytes() throws -> [UInt8] {
            do {
                return try YAMLEmitter.streamBytes(objects)
            } catch let error as EmitError {
                throw RenderError(.build, file: "", "cannot print the rendered objects: \(error)")
            }
        }
    }

    let tree: any FileTree
    let options: Options
    /// Bases already built, shared with other renderers of the same tree.
    let cache: RenderCache?

    package init(tree: any FileTree, options: Options = Options(), cache: RenderCache? = nil) {
        self.cache = cache
        self.tree = tree
        self.options = options
    }

    /// Renders the directory at the tree path `directory`.
    package func render(_ directory: String) throws -> Output {
        switch tree.entryKind(directory) {
        case .directory:
            break
        case .file:
            throw RenderError(.read, file: tree.displayPath(directory), "not a directory; give the directory that holds the kustomization")
        case .other, nil:
            throw RenderError(.read, file: tree.displayPath(directory), "no such directory")
        }
        let loader = Loader(tree: tree, root: directory, restrictor: options.loadRestrictor)
        let hasKustomization = Kustomization.fileNames.contains { loader.kind(of: $0) == .file }
        if !hasKustomization {
            return Output(objects: try PlainDirectory(tree: tree).objects(in: directory), warnings: [])
        }
        var context = BuildContext()
        context.cache = cache
        let target = try KustomizationTarget(loader: loader, warnings: &context.warnings)
        try target.setOpenAPI(in: &context, reset: true)
        // kustomize tracks origins through the whole build when the top
        // kustomization has any buildMetadata, and drops what was not asked for at the end.
        if !target.kustomization.buildMetadata.isEmpty { context.originRoot = directory }
        if target.kustomization.isComponent {
            throw RenderError(.kustomization, file: target.file, "a Component cannot be built on its own; list it under 'components:' of a kustomization")
        }
        var accumulator = Accumulator()
        try target.accumulate(into: &accumulator, context: &context)
        try Finisher(kustomization: target.kustomization, file: target.file).finish(&accumulator)
        let objects = try Finisher(kustomization: target.kustomization, file: target.file).output(accumulator.resources)
        return Output(objects: objects, warnings: context.warnings)
    }
}
