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
/// `@unchecked Sendable`: the connection is touched only on `queue`, a serial queue,
/// so no two threads ever use it at once.
final class Journal: @unchecked Sendable {
    private let database: SQLiteDatabase
    private let queue = DispatchQueue(label: "git-ops.local-cluster.journal")

    /// Opens (creating if needed) `<directory>/cluster.db`.
    init(directory: String, fsync: Bool) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        database = try SQLiteDatabase(path: directory + "/cluster.db")
        try database.execute("PRAGMA journal_mode=WAL")
        try database.execute(fsync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")
        try database.execute("""
            CREATE TABLE IF NOT EXISTS objects (
                resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
                resource_version INTEGER NOT NULL, body BLOB NOT NULL,
                PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID
            """)
        try database.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
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
