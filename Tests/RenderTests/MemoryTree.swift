import Manifests
@testable import Render

/// An in-memory tree of files for render specs: paths relative to the root,
/// directories implied by the files in them.
struct MemoryTree: FileTree {
    let files: [String: [UInt8]]

    init(_ files: [String: String]) {
        self.files = files.mapValues { Array($0.utf8) }
    }

    init(bytes: [String: [UInt8]]) {
        files = bytes
    }

    func entryKind(_ path: String) -> FileEntryKind? {
        if files[path] != nil { return .file }
        let prefix = path.isEmpty ? "" : path + "/"
        return files.keys.contains { $0.hasPrefix(prefix) } ? .directory : nil
    }

    func readFile(_ path: String) throws -> [UInt8] {
        guard let bytes = files[path] else { throw RenderError(.read, file: path, "no such file") }
        return bytes
    }

    func listDirectory(_ path: String) throws -> [String] {
        let prefix = path.isEmpty ? "" : path + "/"
        let names = files.keys.filter { $0.hasPrefix(prefix) }.compactMap { $0.dropFirst(prefix.count).split(separator: "/").first }
        return Set(names.map(String.init)).sorted()
    }

    func displayPath(_ path: String) -> String { path }

    /// The YAML stream the directory `directory` renders to.
    func render(_ directory: String = "") throws -> String {
        try Renderer(tree: self).render(directory).yaml()
    }
}

/// The YAML stream the files render to from `directory` (the root by default).
func renderFiles(_ files: [String: String], _ directory: String = "") throws -> String {
    try MemoryTree(files).render(directory)
}
