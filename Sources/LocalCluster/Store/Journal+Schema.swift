import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The tables of `cluster.db` and how an older file is brought up to them.
///
/// Version 0 (`PRAGMA user_version`): `objects` and `counters`. Version 1: `objects` gains
/// `checksum` (`RowChecksum`; rows an older git-ops wrote get theirs at the next load) and
/// `quarantine` holds the rows `--repair` took out.
extension Journal {
    static let schemaVersion: Int64 = 1

    /// Creates the tables of a new database, or brings an older one to `schemaVersion`.
    static func migrate(_ database: SQLiteDatabase) throws {
        var version: Int64 = 0
        try database.query("PRAGMA user_version") { version = $0.integer(0) }
        if version == schemaVersion { return }
        guard version < schemaVersion else {
            throw StorageError(.other, message: "cannot open '\(database.path)'",
                               reason: "its schema version \(version) is newer than this git-ops knows (\(schemaVersion))",
                               remedy: "run a newer git-ops")
        }
        try database.transaction {
            var columns: Set<String> = []
            try database.query("SELECT name FROM pragma_table_info('objects')") { columns.insert($0.text(0)) }
            if columns.isEmpty {
                try database.execute("""
                    CREATE TABLE objects (
                        resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
                        resource_version INTEGER NOT NULL, body BLOB NOT NULL, checksum INTEGER,
                        PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID
                    """)
            } else if !columns.contains("checksum") {
                try database.execute("ALTER TABLE objects ADD COLUMN checksum INTEGER")
            }
            try database.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            try database.execute("""
                CREATE TABLE IF NOT EXISTS quarantine (
                    resource TEXT, namespace TEXT, name TEXT, resource_version INTEGER, body BLOB, checksum INTEGER,
                    reason TEXT NOT NULL, quarantined_at TEXT NOT NULL)
                """)
            try database.execute("PRAGMA user_version = \(schemaVersion)")
        }
    }

    /// Makes a new, empty database at `path`: built whole under another name and renamed, so
    /// that a `cluster.db` that exists always was a complete database.
    static func createDatabase(at path: String, rows: (SQLiteDatabase) throws -> Void = { _ in }) throws {
        let temporary = path + ".new"
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
        do {
            let database = try Self.open(temporary, fsync: true)
            try migrate(database)
            try rows(database)
        }  // Closing the last connection copies the log into the file, syncs it, and removes the log.
        // A log or index without its database (set aside, or never written) must not meet the new file.
        for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
        guard rename(temporary, path) == 0 else { throw StorageError(systemCall: "cannot rename '\(temporary)' to '\(path)'") }
        try syncDirectory(of: path)
    }

    /// Makes `directory` and its parents, as `mkdir -p` does.
    static func createDirectory(_ directory: String) throws {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            path += "/" + component
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw StorageError(systemCall: "cannot create '\(path)'") }
        }
    }

    /// Makes renames in the directory of `path` durable.
    static func syncDirectory(of path: String) throws {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let descriptor = Glibc.open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw StorageError(systemCall: "cannot open '\(directory)'") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StorageError(systemCall: "cannot sync '\(directory)'") }
    }
}
