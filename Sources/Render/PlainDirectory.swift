import Manifests

/// A directory without a kustomization: every `.yaml`, `.yml` and `.json`
/// file below it, recursively, in path order, as Flux applies such a directory.
struct PlainDirectory {
    let tree: any FileTree

    static let extensions = [".yaml", ".yml", ".json"]

    func objects(in directory: String) throws -> [Node] {
        var objects: [Node] = []
        try collect(directory, into: &objects)
        return objects.map { object in
            var object = object
            Finisher.normalizeAnnotations(&object)
            return object
        }
    }

    func collect(_ directory: String, into objects: inout [Node]) throws {
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
                try collect(path, into: &objects)
            case .file where Self.extensions.contains(where: { name.hasSuffix($0) }):
                let bytes: [UInt8]
                do {
                    bytes = try tree.readFile(path)
                } catch let error as FileTreeError {
                    throw RenderError(.read, file: error.path, error.description)
                }
                objects += try ResourceReader.objects(bytes, file: tree.displayPath(path))
            default:
                continue
            }
        }
    }
}
