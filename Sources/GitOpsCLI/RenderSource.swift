import Manifests
#if canImport(Glibc)
import Glibc
#endif

/// Where a command reads manifests from: a directory on disk, or a directory
/// of a git tree at a revision.
struct RenderSource {
    var tree: any FileTree
    /// The directory to render, as a path of `tree`.
    var directory: String
    /// How the directory is named in messages.
    var displayName: String

    static func resolve(paths: [String], revision: String?) throws -> [RenderSource] {
        try paths.map { try resolve(path: $0, revision: revision) }
    }

    static func resolve(path: String, revision: String?) throws -> RenderSource {
        if let revision {
            throw CLIError(.fatal, "--rev '\(revision)' needs the git module")
        }
        let absolute = path.hasPrefix("/") ? path : currentDirectory() + "/" + path
        guard let treePath = TreePath.join("", absolute) else {
            throw CLIError(.usage, "invalid path '\(path)'")
        }
        return RenderSource(tree: DirectoryTree(root: "/"), directory: treePath, displayName: path)
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(cString: buffer)
    }
}
