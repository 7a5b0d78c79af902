import FileTree
import Manifests

/// A tree of files in one fuzz input, so that the fuzzer mutates names,
/// contents and structure together:
///
///     #! overlay                 (optional: the directory to render)
///     resources: [../base]       (text before any header is kustomization.yaml)
///     #@ base/kustomization.yaml
///     resources: [cm.yaml]
///     #@ base/cm.yaml
///     ...
///
/// A header line `#@ <path>` starts a file; paths that leave the tree are dropped.
struct FuzzArchive {
    let tree: InMemoryTree
    /// The tree path of the directory to render.
    let directory: String

    init(_ bytes: [UInt8]) {
        var files: [String: [UInt8]] = [:]
        var directory = ""
        var path: String? = nil
        var content: [UInt8] = []
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
        if let first = lines.first, first.starts(with: Array("#! ".utf8)) {
            directory = TreePath.join("", String(decoding: first.dropFirst(3), as: UTF8.self)) ?? ""
            lines = lines.dropFirst()
        }
        func finish() {
            let name = path ?? (directory.isEmpty ? "kustomization.yaml" : directory + "/kustomization.yaml")
            if path != nil || !content.isEmpty { files[name] = content }
            content = []
        }
        for line in lines {
            if line.starts(with: Array("#@ ".utf8)) {
                finish()
                path = TreePath.join("", String(decoding: line.dropFirst(3), as: UTF8.self)).flatMap { $0.isEmpty ? nil : $0 } ?? "dropped"
                continue
            }
            content.append(contentsOf: line)
            content.append(UInt8(ascii: "\n"))
        }
        finish()
        tree = InMemoryTree(files: files)
        self.directory = directory
    }
}
