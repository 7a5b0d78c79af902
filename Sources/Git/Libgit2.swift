import CGit2
import CGit2Startup

/// The process-wide side of libgit2: its one-time initialisation and its per-thread error.
enum Libgit2 {
    /// Runs `git_libgit2_init` once per process.
    ///
    /// libgit2 keeps process-wide state (its allocator, the mwindow pack cache,
    /// the thread-local error slots, the global config search paths), set up by
    /// `git_libgit2_init` and torn down by `git_libgit2_shutdown`. A Swift global
    /// `let` is initialised lazily and exactly once, under a lock the runtime
    /// provides (`swift_once`), so every thread that opens a repository sees an
    /// initialised library. It is never shut down: a repository or tree may live
    /// until exit, and shutting down under it would free what it still uses;
    /// the operating system reclaims the rest at exit.
    ///
    /// The system CA bundle is not loaded for libgit2's own HTTPS transport,
    /// which git-ops never uses (see `CGit2Startup`): that load was most of the
    /// cost of a short command. Objects read are not hashed again, as git does
    /// not hash them on ordinary reads.
    static func ensureInitialized() {
        _ = initialization
    }

    private static let initialization: Int32 = git_ops_libgit2_init()

    /// The message of the last libgit2 error on this thread, first letter lowered to read like git.
    static func lastErrorMessage() -> String? {
        guard let error = git_error_last(), let text = error.pointee.message else { return nil }
        var message = String(cString: text)
        while message.last == "\n" || message.last == "." { message.removeLast() }
        guard let first = message.first, first.isUppercase,
              message.dropFirst().first.map({ !$0.isUppercase }) ?? true
        else { return message }
        return first.lowercased() + message.dropFirst()
    }

    /// Whether the last libgit2 error on this thread says an object could not
    /// be decoded: a zlib failure, a malformed object, or an allocation of a
    /// size read from a damaged header.
    static func lastErrorIsDamage() -> Bool {
        guard let error = git_error_last() else { return false }
        switch UInt32(bitPattern: error.pointee.klass) {
        case GIT_ERROR_ZLIB.rawValue, GIT_ERROR_NOMEMORY.rawValue, GIT_ERROR_OBJECT.rawValue: return true
        case GIT_ERROR_ODB.rawValue:
            // "object not found" is a missing object, not a damaged one.
            return error.pointee.message.map { !String(cString: $0).contains("not found") } ?? true
        default: return false
        }
    }

    /// The contents of a `git_buf` that `fill` writes, disposing of the buffer afterwards.
    static func string(_ fill: (inout git_buf) -> Int32) -> (result: Int32, text: String) {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let result = fill(&buffer)
        guard result >= 0, let pointer = buffer.ptr else { return (result, "") }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: buffer.size)
        return (result, String(decoding: bytes, as: UTF8.self))
    }
}
