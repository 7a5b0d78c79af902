import CGit2

extension Repository {
    /// `git_repository_open_ext` at `path`, with git's wording when there is no repository.
    static func open(_ path: String, flags: UInt32, ceiling: String?) throws -> Handle<OpaquePointer> {
        var pointer: OpaquePointer?
        let result = git_repository_open_ext(&pointer, path, flags, ceiling)
        if result == GIT_ENOTFOUND.rawValue {
            let searched = flags & GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue == 0
            let message = searched
                ? "not a git repository (or any of the parent directories): '\(path)'"
                : "not a git repository: '\(path)'"
            throw GitError(.notARepository, message, cause: Libgit2.lastErrorMessage())
        }
        if result < 0 { throw GitError.libgit2(result, "cannot open repository '\(path)'") }
        guard let pointer else { throw GitError(.failed, "cannot open repository '\(path)'") }
        return Handle(pointer) { git_repository_free($0) }
    }

    /// Adds `GIT_OBJECT_DIRECTORY` and `GIT_ALTERNATE_OBJECT_DIRECTORIES` to the
    /// repository's object database for reading, skipping its own object directory.
    ///
    /// git reads and writes only `GIT_OBJECT_DIRECTORY` when it is set. libgit2
    /// 1.5 can replace the object database only through `sys/repository.h`,
    /// which this package does not import, and never writes to alternates; so
    /// the directory is read as an alternate and the result says writes must be
    /// refused (new objects would land in the wrong directory).
    ///
    /// - Returns: whether objects written through libgit2 go where git would put them.
    static func addObjectDirectories(
        of environment: RepositoryEnvironment, to repository: OpaquePointer, from directory: String
    ) throws -> Bool {
        let alternates = environment.alternateObjectDirectories
        guard environment.objectDirectory != nil || !alternates.isEmpty else { return true }
        let common = git_repository_commondir(repository).map { String(cString: $0) } ?? ""
        let own = LocalPath.real(LocalPath.absolute("objects", in: common))
        let database = try Handle.make("cannot read the object database", release: { git_odb_free($0) }) {
            git_repository_odb(&$0, repository)
        }
        var writable = true
        var added: Set<String> = []
        func add(_ path: String) throws -> Bool {
            let absolute = LocalPath.absolute(path, in: directory)
            let real = LocalPath.real(absolute) ?? absolute
            guard real != own, added.insert(real).inserted else { return false }
            try GitError.check(git_odb_add_disk_alternate(database.pointer, absolute),
                               "cannot read objects from '\(absolute)'")
            return true
        }
        if let objectDirectory = environment.objectDirectory, try add(objectDirectory) {
            writable = false
        }
        for alternate in alternates { _ = try add(alternate) }
        return writable
    }
}

extension Repository {
    /// Whether discovery from the current directory may find a git directory
    /// itself (a bare repository) rather than a work tree, decided with a few
    /// `stat` calls and without opening anything: `GIT_DIR` is set, or, climbing
    /// from here, a directory that looks like a git directory (`HEAD`,
    /// `objects/`, `refs/`) comes before one holding a `.git`. A caller that only
    /// needs a repository when it is bare skips opening one otherwise.
    package static func mayBeInsideGitDirectory() -> Bool {
        let environment = RepositoryEnvironment(RepositoryEnvironment.process())
        if environment.gitDirectory != nil { return true }
        guard var directory = try? LocalPath.currentDirectory() else { return true }
        while true {
            if LocalPath.exists(directory + "/.git") { return false }
            if LocalPath.isDirectory(directory + "/objects"), LocalPath.isDirectory(directory + "/refs"),
               LocalPath.exists(directory + "/HEAD") {
                return true
            }
            if directory == "/" { return false }
            directory = LocalPath.parent(directory)
        }
    }
}
