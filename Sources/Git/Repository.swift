import CGit2
import FileTree

/// An open git repository: the one owner of a libgit2 `git_repository`.
///
/// Not `Sendable`: libgit2 allows a repository object on one thread at a
/// time, so each task or actor that needs git opens its own `Repository`.
/// Everything made from it (trees, walks) keeps it alive.
package final class Repository {
    let handle: Handle<OpaquePointer>

    /// Whether the repository has no work tree.
    package let isBare: Bool
    /// The absolute path of the git directory (`/srv/app.git`, `/home/me/app/.git`), without a trailing slash.
    package let gitDirectory: String

    /// `relative` (`ops/logs`) in the git directory: where git-ops keeps files
    /// outside the object database (logs, caches, hand-overs between hooks).
    package func gitPath(_ relative: String) -> String {
        LocalPath.absolute(relative, in: gitDirectory)
    }
    /// The absolute path of the work tree's root, or `nil` for a bare repository.
    package let workTree: String?
    /// The directory the repository was opened from, absolute; user paths are relative to it.
    package let currentDirectory: String
    /// The current directory relative to the work tree's root (git's "prefix"), without a trailing slash.
    ///
    /// `""` at the root, in a bare repository, and when the current directory is
    /// outside the work tree: there, as in git, user paths are taken from the root.
    package let prefix: String
    /// Why writes are refused, or `nil` when the repository may be written.
    let readOnlyReason: String?
    /// The author's name and e-mail, resolved once when opening.
    let authorIdentity: (name: String, email: String)
    /// The committer's name and e-mail, resolved once when opening; reflogs are signed with it.
    let committerIdentity: (name: String, email: String)
    /// Whether git's pre-receive quarantine is in effect (`GIT_QUARANTINE_PATH` is set).
    package let isQuarantined: Bool
    /// How the repository was opened, to open it again the same way (`reopened()`).
    private let opening: Opening

    private enum Opening {
        case at(String)
        case discovered(from: String, environment: [String: String])
    }

    /// Opens the repository that contains `directory` the way git does.
    ///
    /// Discovery climbs from `directory` (the process's current directory when
    /// `nil`) to the first work tree or git directory, unless `GIT_DIR` names
    /// it. `GIT_WORK_TREE`, `GIT_CEILING_DIRECTORIES`,
    /// `GIT_DISCOVERY_ACROSS_FILESYSTEM`, `GIT_OBJECT_DIRECTORY`,
    /// `GIT_ALTERNATE_OBJECT_DIRECTORIES`, `GIT_NAMESPACE` and
    /// `GIT_QUARANTINE_PATH` are honoured, so a pre-receive hook sees the pushed
    /// objects. They are read from `environment`, or from the process when it is
    /// `nil`. Relative paths in them are taken from `directory`.
    ///
    /// libgit2's own `GIT_REPOSITORY_OPEN_FROM_ENV` is not used: it reads only the
    /// process environment and rejects `GIT_WORK_TREE` in libgit2 1.5. This does
    /// the same steps with public calls. In the quarantine (or with a foreign
    /// `GIT_OBJECT_DIRECTORY`) the extra object directory is added for reading
    /// and every write is refused, as git refuses ref updates there.
    package convenience init(discoveringFrom directory: String? = nil, environment: [String: String]? = nil) throws {
        Libgit2.ensureInitialized()
        let current = try directory.map { LocalPath.absolute($0, in: try LocalPath.currentDirectory()) }
            ?? LocalPath.currentDirectory()
        let environment = RepositoryEnvironment(environment ?? RepositoryEnvironment.process())
        if environment.commonDirectory != nil {
            throw GitError(.unsupported, "cannot open repository: GIT_COMMON_DIR is not supported")
        }
        var start = current
        var flags: UInt32 = 0
        if let gitDirectory = environment.gitDirectory {
            start = LocalPath.absolute(gitDirectory, in: current)
            flags |= GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_NO_DOTGIT.rawValue
        } else if environment.discoveryAcrossFilesystem {
            flags |= GIT_REPOSITORY_OPEN_CROSS_FS.rawValue
        }
        let handle = try Self.open(start, flags: flags, ceiling: environment.ceilingDirectories)
        try self.init(handle: handle, currentDirectory: current, environment: environment,
                      opening: .discovered(from: current, environment: environment.variables))
    }

    /// Opens the repository at exactly `path` (a work tree or a git directory), ignoring the environment.
    ///
    /// The current directory is then the root of the work tree (the git
    /// directory when bare), so the prefix is `""`.
    package convenience init(at path: String) throws {
        Libgit2.ensureInitialized()
        let absolute = LocalPath.absolute(path, in: try LocalPath.currentDirectory())
        let handle = try Self.open(absolute, flags: GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, ceiling: nil)
        try self.init(handle: handle, currentDirectory: nil, environment: RepositoryEnvironment([:]), opening: .at(absolute))
    }

    /// The repository opened again as it was opened (the same discovery, the
    /// same environment and so the same quarantine), for another thread to read
    /// through: a `Repository` is used by one thread at a time.
    package func reopened() throws -> Repository {
        switch opening {
        case .at(let path): return try Repository(at: path)
        case .discovered(let directory, let environment): return try Repository(discoveringFrom: directory, environment: environment)
        }
    }

    /// Sets up an opened repository as `environment` says; `currentDirectory` is `nil` for the work tree's root.
    private init(handle: Handle<OpaquePointer>, currentDirectory: String?, environment: RepositoryEnvironment, opening: Opening) throws {
        self.opening = opening
        let repository = handle.pointer
        if let namespace = environment.namespace {
            try GitError.check(git_repository_set_namespace(repository, namespace),
                               "cannot use namespace '\(namespace)'")
        }
        let objectsWritable = try Self.addObjectDirectories(
            of: environment, to: repository, from: currentDirectory ?? "/")
        if let workTree = environment.workTree, let currentDirectory {
            let path = LocalPath.absolute(workTree, in: currentDirectory)
            try GitError.check(git_repository_set_workdir(repository, path, 0), "cannot use work tree '\(path)'")
        } else if environment.gitDirectory != nil, let currentDirectory, git_repository_is_bare(repository) == 0,
                  try Self.configString(repository, "core.worktree") == nil {
            // git: with GIT_DIR and neither GIT_WORK_TREE nor core.worktree, the
            // current directory is the root of the work tree (t1510 #2, #10).
            try GitError.check(git_repository_set_workdir(repository, currentDirectory, 0),
                               "cannot use work tree '\(currentDirectory)'")
        }

        let userName = try Self.configString(repository, "user.name")
        let userEmail = try Self.configString(repository, "user.email")
        let author = Signature.identity(
            .author, environment: environment.variables, userName: userName, userEmail: userEmail)
        let committer = Signature.identity(
            .committer, environment: environment.variables, userName: userName, userEmail: userEmail)
        // Reflog entries are signed with this identity; without it libgit2 fails
        // (or signs "unknown") when user.name is unset, as it is in many hooks.
        try GitError.check(git_repository_set_ident(repository, committer.name, committer.email),
                           "cannot use identity '\(committer.name) <\(committer.email)>'")

        self.handle = handle
        authorIdentity = author
        committerIdentity = committer
        isBare = git_repository_is_bare(repository) != 0
        gitDirectory = LocalPath.trimmed(git_repository_path(repository).map { String(cString: $0) } ?? "")
        workTree = git_repository_workdir(repository).map { LocalPath.trimmed(String(cString: $0)) }
        self.currentDirectory = currentDirectory ?? workTree ?? gitDirectory
        isQuarantined = environment.quarantinePath != nil
        if isQuarantined {
            readOnlyReason = "writes are forbidden inside git's quarantine environment (pre-receive); write from post-receive instead"
        } else if !objectsWritable {
            readOnlyReason = "writes are not supported when GIT_OBJECT_DIRECTORY names another object directory"
        } else {
            readOnlyReason = nil
        }
        if let workTree, let root = LocalPath.real(workTree), let here = LocalPath.real(self.currentDirectory) {
            prefix = LocalPath.relative(here, to: root) ?? ""
        } else {
            prefix = ""
        }
    }

    /// The tree path a user means by `path`, given relative to the current directory
    /// (or absolute, inside the work tree); `nil` when it points outside the tree.
    package func treePath(forUserPath path: String) -> String? {
        guard path.hasPrefix("/") else { return TreePath.join(prefix, path) }
        guard let workTree else { return nil }
        let relative = LocalPath.relative(path, to: workTree)
            ?? LocalPath.real(workTree).flatMap { LocalPath.relative(path, to: $0) }
        return relative.flatMap { TreePath.join("", $0) }
    }

    /// The signature of `role` at the current time: the environment's or config's identity, else `git-ops`.
    package func signature(_ role: Signature.Role = .committer) throws -> Signature {
        let identity = role == .author ? authorIdentity : committerIdentity
        return try Signature.now(name: identity.name, email: identity.email)
    }

    /// The signature of `role` dated `time` (seconds since 1970, in UTC), for records written for a given moment.
    package func signature(_ role: Signature.Role = .committer, at time: Int64) -> Signature {
        let identity = role == .author ? authorIdentity : committerIdentity
        return Signature(name: identity.name, email: identity.email, time: time, offsetMinutes: 0)
    }

    /// Throws `readOnly` with `action` as the failure when this repository may not be written.
    func requireWritable(_ action: @autoclosure () -> String) throws {
        if let readOnlyReason { throw GitError(.readOnly, "\(action()): \(readOnlyReason)") }
    }
}
