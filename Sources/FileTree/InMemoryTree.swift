/// A `FileTree` held in memory: files by tree path, directories implied by
/// the files below them. For rendering what was not written to disk (fuzz
/// inputs, generated examples).
package struct InMemoryTree: FileTree, Sendable {
    /// The files, by tree path.
    package let files: [String: [UInt8]]

    package init(files: [String: [UInt8]]) {
        self.files = files
    }

    package func entryKind(_ path: String) -> FileEntryKind? {
        if files[path] != nil { return .file }
        let prefix = path.isEmpty ? "" : path + "/"
        return files.keys.contains { $0.hasPrefix(prefix) } ? .directory : nil
    }

    package func readFile(_ path: String) throws -> [UInt8] {
        if let bytes = files[path] { return bytes }
        throw FileTreeError(entryKind(path) == nil ? .notFound : .notAFile, path: path)
    }

    package func listDirectory(_ path: String) throws -> [String] {
        guard entryKind(path) == .directory else { throw FileTreeError(files[path] == nil ? .notFound : .notADirectory, path: path) }
        let prefix = path.isEmpty ? "" : path + "/"
        var names: Set<String> = []
        for file in files.keys where file.hasPrefix(prefix) {
            if let name = file.utf8.dropFirst(prefix.utf8.count).split(separator: UInt8(ascii: "/")).first {
                names.insert(String(decoding: name, as: UTF8.self))
            }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    package func displayPath(_ path: String) -> String { path }

    package func concurrentCopy() -> (any FileTree)? { self }
}
