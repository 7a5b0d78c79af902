import Foundation
import Testing
@testable import LocalCluster

/// `WriteAheadLog` on logs SQLite wrote: what its recovery replays, and which damage loses
/// commits (refused) rather than an unacknowledged transaction a stop tore (accepted).
@Suite("write-ahead log")
struct WriteAheadLogTests {
    /// A database in WAL mode whose table `t` gets one row of 6,000 bytes per transaction, so
    /// that each transaction writes overflow pages before its commit frame.
    final class Writer {
        let directory: URL
        let database: SQLiteDatabase

        init() throws {
            directory = try TestCluster.temporaryDirectory("wal")
            database = try SQLiteDatabase(path: directory.path + "/t.db")
            try database.execute("PRAGMA journal_mode=WAL")
            try database.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)")
        }

        func insert(_ rows: Range<Int>) throws {
            for index in rows {
                try database.run("INSERT INTO t VALUES (?, ?)", [.integer(Int64(index)), .blob(Array(repeating: UInt8(index % 256), count: 6000))])
            }
        }

        /// The log as it is now; the connection stays open, since closing it removes the log.
        var log: [UInt8] { Journal.contents(directory.path + "/t.db-wal", limit: nil) ?? [] }

        /// How many rows SQLite itself recovers from `log` beside a copy of the database file.
        func rowsRecovered(from log: [UInt8]) throws -> Int {
            let copy = try TestCluster.temporaryDirectory("recovered")
            try FileManager.default.copyItem(atPath: directory.path + "/t.db", toPath: copy.path + "/t.db")
            try Data(log).write(to: copy.appendingPathComponent("t.db-wal"))
            var count = -1
            try SQLiteDatabase(path: copy.path + "/t.db").query("SELECT count(*) FROM t") { count = Int($0.integer(0)) }
            return count
        }
    }

    /// The frames of `log` that end a transaction (1-based).
    static func commitFrames(_ log: [UInt8], pageSize: Int) -> [Int] {
        let frameSize = WriteAheadLog.frameHeaderSize + pageSize
        return (0..<(log.count - WriteAheadLog.headerSize) / frameSize).filter {
            log.uint32(bigEndianAt: WriteAheadLog.headerSize + $0 * frameSize + 4) != 0
        }.map { $0 + 1 }
    }

    @Test("a log SQLite wrote whole is sound, and all of it is replayed")
    func whole() throws {
        let writer = try Writer()
        try writer.insert(0..<10)
        let log = WriteAheadLog(writer.log)
        #expect(log.isSound)
        #expect(log.frames > 20)
        #expect(log.recovered == log.frames)
        #expect(log.intactFrames == log.frames)
    }

    @Test("a byte changed in a middle frame drops every later commit, as SQLite's recovery does")
    func middle() throws {
        let writer = try Writer()
        try writer.insert(0..<10)
        var bytes = writer.log
        let pageSize = WriteAheadLog(bytes).pageSize
        let commits = Self.commitFrames(bytes, pageSize: pageSize)
        let damaged = commits[5] + 1  // the first frame of the sixth insert
        bytes[WriteAheadLog.headerSize + (damaged - 1) * (WriteAheadLog.frameHeaderSize + pageSize) + 100] ^= 1
        let log = WriteAheadLog(bytes)
        #expect(!log.isSound)
        #expect(log.intactFrames == damaged - 1)
        #expect(log.recovered == commits[5])
        #expect(log.droppedCommits == commits.count - 6)
        // The CREATE TABLE and five inserts are what SQLite keeps.
        #expect(try writer.rowsRecovered(from: bytes) == 5)
    }

    @Test("a damaged last commit is counted as dropped: it may have been acknowledged")
    func lastCommit() throws {
        let writer = try Writer()
        try writer.insert(0..<3)
        var bytes = writer.log
        bytes[bytes.count - 10] ^= 1
        let log = WriteAheadLog(bytes)
        #expect(log.droppedCommits == 1)
        #expect(!log.isSound)
    }

    @Test("a transaction a stop tore before its commit frame is sound: it was never acknowledged")
    func torn() throws {
        let writer = try Writer()
        try writer.insert(0..<3)
        let whole = writer.log
        let pageSize = WriteAheadLog(whole).pageSize
        let frameSize = WriteAheadLog.frameHeaderSize + pageSize
        let commits = Self.commitFrames(whole, pageSize: pageSize)
        // Cut within the last frame (the write was under way), or after the frame before the
        // commit with that frame's page not yet written (its header was).
        let cut = Array(whole.dropLast(frameSize / 2))
        var stale = Array(whole.prefix(WriteAheadLog.headerSize + (commits[commits.count - 1] - 1) * frameSize))
        stale[stale.count - 100] ^= 1
        for bytes in [cut, stale] {
            let log = WriteAheadLog(bytes)
            #expect(log.isSound)
            #expect(log.recovered == commits[commits.count - 2])
        }
    }

    @Test("frames of an older generation after a restarted log are not commits that are lost")
    func olderGeneration() throws {
        let writer = try Writer()
        try writer.insert(0..<10)
        try writer.database.execute("PRAGMA wal_checkpoint(PASSIVE)")
        try writer.insert(10..<12)  // The log starts again from its beginning, with new salts.
        let log = WriteAheadLog(writer.log)
        #expect(log.isSound)
        #expect(log.recovered < log.frames)
        #expect(log.intactFrames == log.recovered)
    }

    @Test("a damaged header is refused when frames follow it, since SQLite would ignore them all")
    func header() throws {
        let writer = try Writer()
        try writer.insert(0..<3)
        var bytes = writer.log
        bytes[17] ^= 1  // a salt
        #expect(WriteAheadLog(bytes).headerDamaged)
        #expect(!WriteAheadLog(bytes).isSound)
        #expect(WriteAheadLog(Array(bytes.prefix(WriteAheadLog.headerSize))).isSound)
        #expect(WriteAheadLog([]).isSound)
    }
}
