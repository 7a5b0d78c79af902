import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// A storage failure worded as git words one: what failed on which file, the reason (errno's
/// text when the system gave one), and the remedy when one is known.
///
/// `cannot commit to '/x/cluster.db': No space left on device; free space on its file system and retry`
struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure, for the store to decide whether it may retry.
    enum Code: Sendable, Equatable {
        /// The disk or the database's size limit is full.
        case full
        /// The file cannot be opened or written: permissions, a read-only file system.
        case access
        /// Another connection holds a lock.
        case busy
        /// The disk reported an I/O error.
        case io
        /// The file is not what it should be (damaged, truncated, not a database, lost writes);
        /// the server refuses to start until `--repair`.
        case damaged
        /// Anything else.
        case other
    }

    var code: Code
    /// What failed, subject quoted: `cannot commit to '/x/cluster.db'`.
    var message: String
    /// Why, when known: errno's text or SQLite's.
    var reason: String?
    /// What to do about it, when known.
    var remedy: String?

    init(_ code: Code = .other, message: String, reason: String? = nil, remedy: String? = nil) {
        self.code = code
        self.message = message
        self.reason = reason
        self.remedy = remedy
    }

    var description: String {
        var text = message
        if let reason { text += ": " + reason }
        if let remedy { text += "; " + remedy }
        return text
    }

    /// True when the store must not try again in this process: after an I/O error the kernel may
    /// have dropped the pages it failed to write, so a later fsync could report success falsely.
    var isPermanent: Bool { code == .io || code == .damaged || code == .other }

    /// The same failure said of another operation: `cannot commit to '<path>'` for a statement
    /// that failed inside a commit.
    func with(message: String) -> StorageError {
        var copy = self
        copy.message = message
        return copy
    }
}

extension StorageError {
    /// The failure SQLite just reported on `handle`, for the database at `path`.
    init(sqlite handle: OpaquePointer, path: String, message: String) {
        let extended = sqlite3_extended_errcode(handle)
        let systemErrno = sqlite3_system_errno(handle)
        let code: Code
        switch extended & 0xff {
        case SQLITE_FULL: code = .full
        case SQLITE_IOERR: code = .io
        case SQLITE_CORRUPT, SQLITE_NOTADB: code = .damaged
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_AUTH: code = .access
        case SQLITE_BUSY, SQLITE_LOCKED: code = .busy
        default: code = .other
        }
        // SQLite keeps the last errno of the connection; it belongs to this failure only when the
        // failure was the system's. A full `max_page_count` leaves an older, unrelated errno.
        let systemFailure = code == .io || code == .access || (code == .full && [ENOSPC, EDQUOT].contains(systemErrno))
        let reason = systemFailure && systemErrno != 0
            ? String(cString: strerror(systemErrno)) : String(cString: sqlite3_errmsg(handle))
        self.init(code, message: message, reason: reason, remedy: Self.remedy(for: code))
    }

    /// The failure of the system call that just failed, with errno's text: `message` says what
    /// could not be done to which file.
    init(systemCall message: String) {
        let number = errno
        let code: Code = [ENOSPC, EDQUOT].contains(number) ? .full
            : [EACCES, EPERM, EROFS].contains(number) ? .access : number == EIO ? .io : .other
        self.init(code, message: message, reason: String(cString: strerror(number)), remedy: Self.remedy(for: code))
    }

    /// What a person can do about a failure of this code.
    static func remedy(for code: Code) -> String? {
        switch code {
        case .full: "free space on its file system and retry"
        case .access: "make the data directory and its files writable by this user and retry"
        case .busy: "another process uses the database: stop it ('git ops cluster down') and retry"
        case .io: "check the disk and the system log (dmesg), then restart the cluster"
        case .damaged: "run 'git ops cluster up --repair' to start with what can be read, or restore the directory from a backup"
        case .other: nil
        }
    }
}
