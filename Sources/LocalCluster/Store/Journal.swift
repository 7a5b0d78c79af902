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
/// that is empty, not a database or cut short, and a log SQLite would drop commits of. With
/// `repair` it sets the damage aside instead and says so in `repairs`.
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
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/cluster.db"
        var repairs: [String] = []
        try Self.inspectFiles(path, repair: repair, repairs: &repairs)
        let database = try Self.open(path, fsync: fsync)
        try Self.createTables(database)
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

    /// Everything stored, and the last resourceVersion handed out.
    func load() throws -> (resourceVersion: Int64, objects: [(ObjectKey, Int64, [UInt8])]) {
        try queue.sync {
            var resourceVersion: Int64 = 0
            try database.query("SELECT value FROM counters WHERE name = 'resourceVersion'") { row in
                resourceVersion = row.integer(0)
            }
            var objects: [(ObjectKey, Int64, [UInt8])] = []
            try database.query("SELECT resource, namespace, name, resource_version, body FROM objects") { row in
                let key = ObjectKey(storageKey: row.text(0), namespace: row.text(1), name: row.text(2))
                objects.append((key, row.integer(3), row.blob(4)))
            }
            return (resourceVersion, objects)
        }
    }

    /// Writes `records` and the counter in one transaction, then calls `completion` with the
    /// failure, if any, worded for people: `cannot commit to '<path>': <reason>; <remedy>`.
    func commit(_ records: [JournalRecord], resourceVersion: Int64,
                completion: @escaping @Sendable (StorageError?) -> Void) {
        queue.async { [self] in
            let database = self.database
            do {
                try database.execute("BEGIN IMMEDIATE")
                for record in records {
                    switch record {
                    case .put(let key, let version, let json):
                        try database.run(
                            "INSERT OR REPLACE INTO objects (resource, namespace, name, resource_version, body) VALUES (?, ?, ?, ?, ?)",
                            [.text(key.storageKey), .text(key.namespace), .text(key.name), .integer(version), .blob(json)])
                    case .delete(let key):
                        try database.run("DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?",
                                         [.text(key.storageKey), .text(key.namespace), .text(key.name)])
                    }
                }
                try database.run("INSERT OR REPLACE INTO counters (name, value) VALUES ('resourceVersion', ?)",
                                 [.integer(resourceVersion)])
                try database.execute("COMMIT")
                completion(nil)
            } catch {
                var failure = (error as? StorageError ?? StorageError(message: "", reason: "\(error)"))
                    .with(message: "cannot commit to '\(database.path)'")
                if database.isInTransaction { try? database.execute("ROLLBACK") }
                if database.isInTransaction {
                    // Still inside the failed transaction: nothing later could commit.
                    failure.code = .other
                    failure.remedy = "restart the cluster"
                }
                completion(failure)
            }
        }
    }
}
