import FileTree
import Manifests

/// A directory without a kustomization: every `.yaml`, `.yml` and `.json`
/// file below it, recursively, rendered as Flux renders such a directory,
/// which is as kustomize builds a kustomization listing those files in path
/// order: an object declared twice is an error, and the output is in
/// kustomize's legacy kind order (a Namespace before what goes in it).
///
/// Symbolic links are followed, but each real directory is read once: a
/// second link to a directory already read adds nothing, and a link back to a
/// directory being read (a cycle) is an error rather than an endless walk.
struct PlainDirectory {
    let tree: any FileTree

    static let extensions = [".yaml", ".yml", ".json"]

    /// The objects, and for each the file it was read from (as the tree shows it).
    func objects(in directory: String) throws -> (objects: [Node], origins: [String]) {
        var resources = ResourceMap()
        var visited: Set<String> = []
        let real = tree.realPath(directory) ?? directory
        visited.insert(real)
        try collect(directory, chain: [real], visited: &visited, into: &resources)
        let sorted = LegacyOrder.standard.sorted(resources.items) { $0.id }
        let objects = sorted.map { resource in
            var object = resource.object
            Finisher.normalizeAnnotations(&object)
            return object
        }
        return (objects, sorted.map(\.origin))
    }

    /// Reads `directory`, whose real path and those of the directories above it are `chain`.
    func collect(_ directory: String, chain: [String], visited: inout Set<String>, into resources: inout ResourceMap) throws {
        let names: [String]
        do {
            names = try tree.listDirectory(directory)
        } catch let error as FileTreeError {
            throw RenderError(.read, file: error.path, error.description)
        }
        for name in names where !name.hasPrefix(".") {
            let path = directory.isEmpty ? name : "\(directory)/\(name)"
            switch tree.entryKind(path) {
            case .directory:
                let real = tree.realPath(path) ?? path
                if let ancestor = chain.first(where: { Loader.isWithin($0, real) }) {
                    throw RenderError(.read, file: tree.displayPath(path),
                                      "symbolic link cycle: '\(tree.displayPath(path))' leads back to '\(tree.displayPath(ancestor))', which is being read; remove the link")
                }
                // Reached before through another link: its files are in already.
                guard visited.insert(real).inserted else { continue }
                try collect(path, chain: chain + [real], visited: &visited, into: &resources)
            case .file where Self.extensions.contains(where: { name.hasSuffix($0) }):
                let bytes: [UInt8]
                do {
                    bytes = try tree.readFile(path)
                } catch let error as FileTreeError {
                    throw RenderError(.read, file: error.path, error.description)
                }
                for object in try ResourceReader.objects(bytes, file: tree.displayPath(path)) {
                    try resources.append(BuildResource(object: object, origin: tree.displayPath(path)))
                }
            case .other where Self.extensions.contains(where: { name.hasSuffix($0) }):
                throw RenderError(.read, file: tree.displayPath(path),
                                  "'\(tree.displayPath(path))' is not a regular file; a manifest must be a file")
            default:
                continue
            }
        }
    }
}
