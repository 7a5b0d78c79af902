import Dispatch
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A persisted change: an object written or removed.
enum JournalRecord: Sendable {
    case put(ObjectKey, resourceVersion: Int64, json: [UInt8])
    case delete(ObjectKey)
}

/// The SQLite file behind the store: every batch is committed to the write-ahead log before
/// its completion runs, so a killed process loses nothing that was acknowledged.
///
/// With `fsync` (the default), each commit also waits for the disk (`synchronous=FULL`),
/// which survives power loss too; the store's group commit keeps that affordable. Without
/// it (`synchronous=NORMAL`) the log is flushed at checkpoints.
///
/// Opening refuses storage that would start with less than was acknowledged: a `cluster.db`
/// that is empty, not a database or cut short, a log SQLite would drop commits of, damaged
/// pages (`PRAGMA quick_check`), and (in `load`) rows that fail their checksum
/// (`RowChecksum`). With `repair` it sets the damage aside instead and says so in `repairs`.
///
/// `@unchecked Sendable`: the connection is touched only on `queue`, a serial queue,
/// so no two threads ever use it at once.
final class Journal: @unchecked Sendable {
    private let database: SQLiteDatabase
    private let queue = DispatchQueue(label: "git-ops.local-cluster.journal")
    /// What `repair` set aside or dropped while opening, a sentence each.
    let repairs: [String]

    /// The database file.
    var path: String { database.path }

    /// Opens `<directory>/cluster.db`, making a new one only when the file is missing.
    init(directory: String, fsync: Bool, repair: Bool = false) throws {
        try Self.createDirectory(directory)
        let path = directory + "/cluster.db"
        var repairs: [String] = []
        try Self.inspectFiles(path, repair: repair, repairs: &repairs)
        let database: SQLiteDatabase
        do {
            let opened = try Self.open(path, fsync: fsync)
            try Self.checkStructure(opened)
            database = opened
        } catch let error as StorageError where error.code == .damaged && repair {
            // `opened` is closed here: no connection to the damaged file outlives this point.
            database = try Self.rebuild(path, fsync: fsync, damage: error, repairs: &repairs)
        }
        try Self.migrate(database)
        if repair && !repairs.isEmpty {
            // What SQLite recovered goes into the file now, so the damaged log is gone even if
            // the server is killed before its first write.
            try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        self.database = database
        self.repairs = repairs
    }

    /// Opens the connection in WAL mode with the durability asked for.
    static func open(_ path: String, fsync: Bool) throws -> SQLiteDatabase {
        do {
            let database = try SQLiteDatabase(path: path)
            try database.execute("PRAGMA journal_mode=WAL")
            try database.execute(fsync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")
            // SQLite opens a file it may not write read-only, without a word; every write would fail.
            if database.isReadOnly {
                let reason = access(path, W_OK) == 0 ? "the database is read-only" : String(cString: strerror(errno))
                throw StorageError(.access, message: "cannot open '\(path)' for writing", reason: reason,
                                   remedy: StorageError.remedy(for: .access))
            }
            return database
        } catch let error as StorageError where error.code == .damaged {
            throw damaged(path, error.reason ?? "")
        }
    }

    /// The refusal of a database whose pages are damaged: `details` are SQLite's words.
    static func damaged(_ path: String, _ details: String) -> StorageError {
        StorageError(.damaged, message: "cannot open '\(path)'", reason: "the database is damaged: \(details)",
                     remedy: StorageError.remedy(for: .damaged))
    }

    /// Lets the database grow by `bytes` only, after which commits fail as on a full disk
    /// (`FaultInjector.databaseSpace`).
    func limitGrowth(to bytes: Int) throws {
        try queue.sync {
            var pages: Int64 = 0
            var pageSize: Int64 = 4096
            try database.query("PRAGMA page_count") { pages = $0.integer(0) }
            try database.query("PRAGMA page_size") { pageSize = $0.integer(0) }
            try database.execute("PRAGMA max_page_count = \(pages + Int64(bytes) / max(pageSize, 1))")
        }
    }

    /// What `load` read: the rows whose checksum holds, those that fail it, and the counter.
    struct Loaded {
        /// The last resourceVersion handed out.
        var resourceVersion: Int64 = 0
        var objects: [(ObjectKey, Int64, [UInt8])] = []
        /// Rows that are not what was written, with what is wrong.
        var damaged: [(ObjectKey, String)] = []
    }

    /// Everything stored, each row checked against its checksum.
    ///
    /// A row without one was written by a git-ops from before checksums (perhaps run since): it is
    /// kept if its body is UTF-8 text, and given its checksum now.
    func load() throws -> Loaded {
        try queue.sync {
            var loaded = Loaded()
            try database.query("SELECT value FROM counters WHERE name = 'resourceVersion'") { row in
                loaded.resourceVersion = row.integer(0)
            }
            var unchecked: [(ObjectKey, Int64)] = []
            try database.query("SELECT resource, namespace, name, resource_version, body, checksum FROM objects") { row in
                let key = ObjectKey(storageKey: row.text(0), namespace: row.text(1), name: row.text(2))
                let version = row.integer(3)
                let body = row.blob(4)
                let checksum = RowChecksum.of(key, resourceVersion: version, body: body)
                if row.isNull(5) {
                    guard String(validating: body, as: UTF8.self) != nil else {
                        loaded.damaged.append((key, "not UTF-8 text"))
                        return
                    }
                    unchecked.append((key, checksum))
                } else if row.integer(5) != checksum {
                    loaded.damaged.append((key, "fails its checksum"))
                    return
                }
                loaded.objects.append((key, version, body))
            }
            if !unchecked.isEmpty { try setChecksums(unchecked) }
            return loaded
        }
    }

    private func setChecksums(_ rows: [(ObjectKey, Int64)]) throws {
        try database.transaction {
            for (key, checksum) in rows {
                try database.run("UPDATE objects SET checksum = ? WHERE resource = ? AND namespace = ? AND name = ?",
                                 [.integer(checksum), .text(key.storageKey), .text(key.namespace), .text(key.name)])
            }
        }
    }

    /// Moves damaged rows to the table `quarantine`, where they stay for inspection.
    func quarantine(_ rows: [(ObjectKey, String)]) throws {
        try queue.sync {
            try database.transaction {
                for (key, reason) in rows {
                    let values: [SQLiteDatabase.Value] = [.text(reason), .text(key.storageKey), .text(key.namespace), .text(key.name)]
                    try database.run("""
                        INSERT INTO quarantine (resource, namespace, name, resource_version, body, checksum, reason, quarantined_at)
                        SELECT resource, namespace, name, resource_version, body, checksum, ?, datetime('now') FROM objects
                        WHERE resource = ? AND namespace = ? AND name = ?
                        """, values)
                    try database.run("DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?", Array(values.dropFirst()))
                }
            }
        }
    }

    /// Writes `records` and the counter in one transaction, then calls `completion` with the
    /// failure, if any, worded for people: `cannot commit to '<path>': <reason>; <remedy>`.
    func commit(_ records: [JournalRecord], resourceVersion: Int64,
                completion: @escaping @Sendable (StorageError?) -> Void) {
        queue.async { [self] in
            do {
                try database.transaction {
                    for record in records {
                        switch record {
                        case .put(let key, let version, let json):
                            try database.run(
                                "INSERT OR REPLACE INTO objects (resource, namespace, name, resource_version, body, checksum) VALUES (?, ?, ?, ?, ?, ?)",
                                [.text(key.storageKey), .text(key.namespace), .text(key.name), .integer(version), .blob(json),
                                 .integer(RowChecksum.of(key, resourceVersion: version, body: json))])
                        case .delete(let key):
                            try database.run("DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?",
                                             [.text(key.storageKey), .text(key.namespace), .text(key.name)])
                        }
                    }
                    try database.run("INSERT OR REPLACE INTO counters (name, value) VALUES ('resourceVersion', ?)",
                                     [.integer(resourceVersion)])
                }
                completion(nil)
            } catch {
                var failure = (error as? StorageError ?? StorageError(message: "", reason: "\(error)"))
                    .with(message: "cannot commit to '\(database.path)'")
                if database.isInTransaction {
                    // The rollback failed too: nothing later could commit.
                    failure.code = .other
                    failure.remedy = "restart the cluster"
                }
                completion(failure)
            }
        }
    }
}
