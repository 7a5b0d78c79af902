import Git
import FileTree
import Manifests

/// Where a command reads manifests from: a directory on disk, or a directory
/// of a git tree at a revision.
struct RenderSource {
    var tree: any FileTree
    /// The directory to render, as a path of `tree`.
    var directory: String
    /// How the directory is named in messages.
    var displayName: String

    /// The sources of `paths`: from the tree of `revision` when given, from HEAD in a
    /// bare repository, else from disk (inside a repository or not).
    static func resolve(paths: [String], revision: String?) throws -> [RenderSource] {
        // Without --rev, only a bare repository makes the render read from git:
        // elsewhere the repository is not opened at all.
        let repository = revision != nil || Repository.mayBeInsideGitDirectory() ? try? Repository() : nil
        if let revision {
            guard let repository else {
                throw CLIError(.fatal, "not a git repository (or any of the parent directories); --rev '\(revision)' reads from one")
            }
            return try fromGit(paths: paths, repository: repository, revision: revision)
        }
        if let repository, repository.isBare {
            return try fromGit(paths: paths, repository: repository, revision: "HEAD")
        }
        return try paths.map { try fromDisk(path: $0) }
    }

    static func fromGit(paths: [String], repository: Repository, revision: String) throws -> [RenderSource] {
        let tree: GitTree
        do {
            tree = try repository.tree(at: revision)
        } catch let error as GitError {
            throw CLIError(.fatal, "cannot read revision '\(revision)': \(error.message)")
        }
        return try paths.map { path in
            guard let treePath = repository.treePath(forUserPath: path) else {
                throw CLIError(.fatal, "'\(path)' is outside the repository")
            }
            return RenderSource(tree: tree, directory: treePath, displayName: "\(path)@\(revision)")
        }
    }

    static func fromDisk(path: String) throws -> RenderSource {
        let absolute = path.hasPrefix("/") ? path : (DirectoryTree.currentDirectory() ?? ".") + "/" + path
        guard let treePath = TreePath.join("", absolute) else {
            throw CLIError(.usage, "invalid path '\(path)'")
        }
        return RenderSource(tree: DirectoryTree(root: "/"), directory: treePath, displayName: path)
    }
}
