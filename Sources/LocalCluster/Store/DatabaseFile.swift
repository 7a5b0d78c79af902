/// What `cluster.db` is, judged from its size and first 100 bytes before SQLite opens it.
///
/// SQLite takes an empty file for a new database, and a file cut short for one whose missing
/// pages are zeros; only a missing file may start a new cluster (a new one is made whole under
/// another name and renamed, so no stop leaves an empty `cluster.db` behind). Header format:
/// https://www.sqlite.org/fileformat2.html#the_database_header
enum DatabaseFile: Equatable {
    case missing
    case sound
    case empty
    case notADatabase
    /// Shorter than the header says, with no log to hold the rest: `(size, expected)` bytes.
    case truncated(Int, Int)

    static let magic = Array("SQLite format 3\0".utf8)

    /// Judges a file of `size` bytes that starts with `header`; `logHasFrames` when its `-wal`
    /// holds frames, which may hold pages past the file's end until a checkpoint copies them.
    init(header: [UInt8], size: Int, logHasFrames: Bool) {
        guard size > 0 else {
            self = .empty
            return
        }
        guard header.count >= 100, Array(header[0..<16]) == Self.magic else {
            self = .notADatabase
            return
        }
        let rawPageSize = Int(header[16]) << 8 | Int(header[17])
        let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0 else {
            self = .notADatabase
            return
        }
        // The page count at offset 28 is valid when the change counter (24) equals the
        // version-valid-for number (92); SQLite keeps it so in WAL mode at every checkpoint.
        let pages = Int(header.uint32(bigEndianAt: 28))
        if !logHasFrames, pages > 0, header.uint32(bigEndianAt: 24) == header.uint32(bigEndianAt: 92), size < pages * pageSize {
            self = .truncated(size, pages * pageSize)
            return
        }
        self = .sound
    }

    /// What is wrong, as the reason of a message; `nil` when nothing is.
    var problem: String? {
        switch self {
        case .missing, .sound: nil
        case .empty: "the file is empty"
        case .notADatabase: "the file is not a SQLite database"
        case .truncated(let size, let expected): "the file is cut short (\(size) of \(expected) bytes)"
        }
    }
}
