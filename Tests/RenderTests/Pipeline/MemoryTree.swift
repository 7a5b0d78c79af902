import FileTree
import Manifests
@testable import Render

/// An in-memory tree of files for render specs: paths relative to the root,
/// directories implied by the files in them.
typealias MemoryTree = InMemoryTree

extension InMemoryTree {
    init(_ files: [String: String]) {
        self.init(files: files.mapValues { Array($0.utf8) })
    }

    init(bytes: [String: [UInt8]]) {
        self.init(files: bytes)
    }

    /// The YAML stream the directory `directory` renders to.
    func render(_ directory: String = "") throws -> String {
        try Renderer(tree: self).render(directory).yaml()
    }
}

/// The YAML stream the files render to from `directory` (the root by default).
func renderFiles(_ files: [String: String], _ directory: String = "") throws -> String {
    try MemoryTree(files).render(directory)
}
