import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The tables of `cluster.db`, and how a new one is made.
extension Journal {
    /// Creates the tables of a new database.
    static func createTables(_ database: SQLiteDatabase) throws {
        try database.execute("""
            CREATE TABLE IF NOT EXISTS objects (
                resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
                resource_version INTEGER NOT NULL, body BLOB NOT NULL,
                PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID
            """)
        try database.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    }

    /// Makes a new, empty database at `path`: built whole under another name and renamed, so
    /// that a `cluster.db` that exists always was a complete database.
    static func createDatabase(at path: String) throws {
        let temporary = path + ".new"
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
        do {
            let database = try Self.open(temporary, fsync: true)
            try createTables(database)
        }  // Closing the last connection copies the log into the file, syncs it, and removes the log.
        // A log or index without its database (set aside, or never written) must not meet the new file.
        for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
        guard rename(temporary, path) == 0 else { throw systemError("cannot rename '\(temporary)' to '\(path)'") }
        try syncDirectory(of: path)
    }

    /// Makes renames in the directory of `path` durable.
    static func syncDirectory(of path: String) throws {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let descriptor = Glibc.open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw systemError("cannot open '\(directory)'") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw systemError("cannot sync '\(directory)'") }
    }

    /// The failure of the system call that just failed, with errno's text.
    static func systemError(_ message: String) -> StorageError {
        let code = errno
        let kind: StorageError.Code = [ENOSPC, EDQUOT].contains(code) ? .full
            : [EACCES, EPERM, EROFS].contains(code) ? .access : .io
        return StorageError(kind, message: message, reason: String(cString: strerror(code)), remedy: StorageError.remedy(for: kind))
    }
}
