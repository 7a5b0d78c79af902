import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The checks that run before the store serves anything, and what `--repair` does when one fails.
///
/// Every refusal names the file, says what was found and gives the remedy. A repair keeps the
/// files as they were under `cluster.db.damaged` (and `-wal`) before it changes anything, and
/// each one adds a sentence to `repairs`.
extension Journal {
    /// Judges `cluster.db` and its log before SQLite opens them (SQLite would take an empty file
    /// for a new database and drop a damaged log's later commits without a word); makes a new
    /// database when the file is missing. Files it cannot read are left for SQLite to report.
    static func inspectFiles(_ path: String, repair: Bool, repairs: inout [String]) throws {
        let logPath = path + "-wal"
        let log = WriteAheadLog(contents(logPath, limit: nil) ?? [])
        let file = size(path).map { size in
            contents(path, limit: 100).map { DatabaseFile(header: $0, size: size, logHasFrames: log.frames > 0) } ?? .sound
        } ?? .missing
        switch file {
        case .missing:
            if log.frames > 0 || log.headerDamaged {
                guard repair else {
                    throw StorageError(.damaged, message: "cannot open '\(path)'",
                                       reason: "the file is missing but its write-ahead log '\(logPath)' is there",
                                       remedy: "restore it from a backup, or run 'git ops cluster up --repair' to set the log aside and start an empty cluster")
                }
                let kept = try setAside(path)
                repairs.append("moved the write-ahead log '\(logPath)' of a missing database to '\(kept)-wal'; the cluster starts empty")
            }
            try createDatabase(at: path)
        case .empty, .notADatabase:
            guard repair else {
                throw StorageError(.damaged, message: "cannot open '\(path)'", reason: file.problem,
                                   remedy: "restore it from a backup, or run 'git ops cluster up --repair' to set it aside and start an empty cluster")
            }
            let kept = try setAside(path)
            try createDatabase(at: path)
            repairs.append("moved '\(path)' to '\(kept)' (\(file.problem ?? "")); the cluster starts empty")
        case .truncated:
            let damage = StorageError(.damaged, message: "cannot open '\(path)'", reason: file.problem,
                                      remedy: StorageError.remedy(for: .damaged))
            guard repair else { throw damage }
            // Rebuilt even when the pages it lost were free ones, so the next start finds it whole.
            _ = try rebuild(path, fsync: true, damage: damage, repairs: &repairs)
        case .sound:
            guard !log.isSound else { return }
            let dropped = log.droppedCommits == 1 ? "the transaction committed" : "the \(log.droppedCommits) transactions committed"
            let found = log.headerDamaged
                ? "its write-ahead log '\(logPath)' has a damaged header: SQLite would ignore all of the log"
                : "its write-ahead log '\(logPath)' is damaged at frame \(log.intactFrames + 1) of \(log.frames) "
                    + "(byte \(log.breakOffset)): SQLite would drop \(dropped) from there on"
            guard repair else {
                throw StorageError(.damaged, message: "cannot open '\(path)'", reason: found,
                                   remedy: "run 'git ops cluster up --repair' to start with the transactions before the damage, or restore the directory from a backup")
            }
            let kept = try setAside(path, copy: true)
            let done = log.headerDamaged
                ? "ignored the write-ahead log '\(logPath)', whose header is damaged"
                : "started from the transactions before frame \(log.intactFrames + 1) of the write-ahead log '\(logPath)' and dropped \(dropped) from there on"
            repairs.append(done + "; the files as they were are kept as '\(kept)' and '\(kept)-wal'")
        }
    }

    /// Throws when `PRAGMA quick_check` finds damaged pages (a fraction of a second for tens of
    /// megabytes, once at start; `integrity_check` would add only index checks, and there are none).
    static func checkStructure(_ database: SQLiteDatabase) throws {
        var problems: [String] = []
        do {
            try database.query("PRAGMA quick_check(4)") { row in
                // SQLite heads its report with the schema's name; the rest is one problem a line.
                let lines = row.text(0).split(separator: "\n").filter { !$0.hasPrefix("*** in database") }
                problems += lines.map(String.init).filter { $0 != "ok" }
            }
        } catch let error as StorageError where error.code == .damaged {
            problems.append(error.reason ?? "")
        }
        guard !problems.isEmpty else { return }
        throw damaged(database.path, problems.joined(separator: "; "))
    }

    /// Copies every object row that can still be read into a new database, sets the damaged
    /// file aside and puts the new one in its place.
    static func rebuild(_ path: String, fsync: Bool, damage: StorageError, repairs: inout [String]) throws -> SQLiteDatabase {
        var rows: [ObjectKey: [SQLiteDatabase.Value]] = [:]
        var counter: Int64 = 0
        if let damaged = try? SQLiteDatabase(path: path) {
            var columns: Set<String> = []
            try? damaged.query("SELECT name FROM pragma_table_info('objects')") { columns.insert($0.text(0)) }
            let checksum = columns.contains("checksum") ? "checksum" : "NULL"
            // A damaged page ends a scan: reading from both ends keeps the rows on either side of it.
            for order in ["ASC", "DESC"] {
                try? damaged.query("SELECT resource, namespace, name, resource_version, body, \(checksum) FROM objects "
                    + "ORDER BY resource \(order), namespace \(order), name \(order)") { row in
                    let key = ObjectKey(storageKey: row.text(0), namespace: row.text(1), name: row.text(2))
                    rows[key] = [.text(key.storageKey), .text(key.namespace), .text(key.name), .integer(row.integer(3)),
                                 .blob(row.blob(4)), row.isNull(5) ? .null : .integer(row.integer(5))]
                }
            }
            try? damaged.query("SELECT value FROM counters WHERE name = 'resourceVersion'") { counter = $0.integer(0) }
        }
        let kept = try setAside(path)
        try createDatabase(at: path) { database in
            try database.transaction {
                // Checksums travel as they were: `load` checks every row again.
                for values in rows.values {
                    try database.run("INSERT INTO objects (resource, namespace, name, resource_version, body, checksum) VALUES (?, ?, ?, ?, ?, ?)",
                                     values)
                    if case .integer(let version) = values[3] { counter = max(counter, version) }
                }
                try database.run("INSERT INTO counters (name, value) VALUES ('resourceVersion', ?)", [.integer(counter)])
            }
        }
        repairs.append("rebuilt '\(path)' from the \(rows.count) objects that could be read (\(damage.reason ?? "it was damaged")); "
            + "the damaged file is kept as '\(kept)'")
        let database = try open(path, fsync: fsync)
        try checkStructure(database)
        return database
    }

    /// Moves (or copies) `path` and its log to the first free `<path>.damaged[.N]`, which it
    /// returns; a moved database takes its log and index with it, so SQLite never replays that
    /// log into another file.
    static func setAside(_ path: String, copy: Bool = false) throws -> String {
        var kept = path + ".damaged"
        var number = 1
        while FileManager.default.fileExists(atPath: kept) || FileManager.default.fileExists(atPath: kept + "-wal") {
            number += 1
            kept = path + ".damaged.\(number)"
        }
        // An empty log holds nothing to keep.
        if !copy && size(path + "-wal") == 0 { unlink(path + "-wal") }
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
            do {
                if copy {
                    try FileManager.default.copyItem(atPath: path + suffix, toPath: kept + suffix)
                } else {
                    try FileManager.default.moveItem(atPath: path + suffix, toPath: kept + suffix)
                }
            } catch {
                throw StorageError(.io, message: "cannot set '\(path + suffix)' aside as '\(kept + suffix)'", reason: "\(error)")
            }
        }
        if !copy { unlink(path + "-shm") }
        try syncDirectory(of: path)
        return kept
    }

    /// The size of the file at `path`, or `nil` when there is none.
    static func size(_ path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int(status.st_size)
    }

    /// The first `limit` bytes of the file (all of it when `nil`), or `nil` when it cannot be opened.
    static func contents(_ path: String, limit: Int?) -> [UInt8]? {
        let descriptor = Glibc.open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while limit.map({ bytes.count < $0 }) ?? true {
            let wanted = min(chunk.count, (limit ?? Int.max) - bytes.count)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
