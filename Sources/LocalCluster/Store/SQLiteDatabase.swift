import CSQLite

/// One SQLite connection. Not thread-safe: its owner confines it to one queue.
///
/// Failures are `StorageError`s saying which statement failed on which file; callers that know
/// the operation better (a commit, a load) say it in their own words with `with(message:)`.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    /// The database file, for messages.
    let path: String
    private var statements: [String: OpaquePointer] = [:]

    /// SQLite's "destructor" that tells it to copy bound data (the C macro does not import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            defer { if let db { sqlite3_close(db) } }
            guard let db else { throw StorageError(message: "cannot open '\(path)'", reason: "out of memory") }
            throw StorageError(sqlite: db, path: path, message: "cannot open '\(path)'")
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5000)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close(handle)
    }

    /// The failure SQLite just reported, as `message` about this file.
    private func failure(_ message: String) -> StorageError {
        StorageError(sqlite: handle, path: path, message: message)
    }

    /// True when SQLite could open the file for reading only.
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// False once a failure made SQLite end the transaction on its own, or after `COMMIT` or `ROLLBACK`.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
            throw failure("cannot run '\(sql)' on '\(path)'")
        }
    }

    /// Runs `body` in one write transaction, rolled back if it throws.
    func transaction(_ body: () throws -> Void) throws {
        try execute("BEGIN IMMEDIATE")
        do {
            try body()
            try execute("COMMIT")
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// A cached prepared statement, reset and with its bindings cleared.
    private func statement(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] {
            sqlite3_reset(cached)
            sqlite3_clear_bindings(cached)
            return cached
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("cannot prepare '\(sql)' on '\(path)'")
        }
        statements[sql] = statement
        return statement
    }

    /// A value bound to a statement parameter.
    enum Value {
        case text(String)
        case integer(Int64)
        case blob([UInt8])
        case null
    }

    /// Runs a statement that returns no rows.
    func run(_ sql: String, _ values: [Value]) throws {
        let statement = try statement(sql)
        try bind(values, to: statement)
        guard sqlite3_step(statement) == SQLITE_DONE else {
            let error = failure("cannot run '\(sql)' on '\(path)'")
            // A failed statement keeps its part of the transaction open until it is reset.
            sqlite3_reset(statement)
            throw error
        }
    }

    /// Runs a query and calls `row` for each result row.
    func query(_ sql: String, _ values: [Value] = [], row: (Row) throws -> Void) throws {
        let statement = try statement(sql)
        try bind(values, to: statement)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else {
                let error = failure("cannot query '\(sql)' on '\(path)'")
                sqlite3_reset(statement)
                throw error
            }
            try row(Row(statement: statement))
        }
        sqlite3_reset(statement)
    }

    private func bind(_ values: [Value], to statement: OpaquePointer) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, Self.transient)
            case .integer(let integer): status = sqlite3_bind_int64(statement, index, integer)
            case .null: status = sqlite3_bind_null(statement, index)
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(statement, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
                }
            }
            guard status == SQLITE_OK else { throw failure("cannot bind a value on '\(path)'") }
        }
    }

    /// The current row of a query, valid only inside the `row` callback.
    struct Row {
        let statement: OpaquePointer

        func text(_ column: Int32) -> String {
            guard let text = sqlite3_column_text(statement, column) else { return "" }
            return String(cString: text)
        }

        func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

        func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

        func blob(_ column: Int32) -> [UInt8] {
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: bytes, count: count))
        }
    }
}
