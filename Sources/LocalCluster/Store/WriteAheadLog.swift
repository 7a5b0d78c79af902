/// What SQLite's recovery will make of a `-wal` file, read before SQLite opens it.
///
/// SQLite replays a log up to the last commit before the first frame whose salts or checksum
/// fail, and drops the rest without a word; if the header's own checksum fails it ignores the
/// whole log. A kill or a power loss can only tear the transaction being written, which was
/// never acknowledged; a commit of the current generation (the header's salts) found after the
/// break was written whole, and perhaps acknowledged, so dropping it loses data. Format:
/// https://www.sqlite.org/fileformat2.html#walformat (unchanged since SQLite 3.7.0).
struct WriteAheadLog: Equatable {
    /// Complete frames in the file, of any generation.
    var frames = 0
    /// The leading frames whose salts are the header's and whose checksums hold.
    var intactFrames = 0
    /// Frames SQLite replays: up to the last commit among `intactFrames`.
    var recovered = 0
    /// Commits of the current generation after `intactFrames`, which SQLite drops.
    var droppedCommits = 0
    /// The header's magic, version, page size or checksum is wrong, and frames follow it:
    /// SQLite ignores all of them.
    var headerDamaged = false
    /// The page size the header gives (0 when it is damaged).
    var pageSize = 0

    /// The log loses nothing that may have been acknowledged.
    var isSound: Bool { !headerDamaged && droppedCommits == 0 }

    static let headerSize = 32
    static let frameHeaderSize = 24

    /// Reads a whole `-wal` file.
    init(_ bytes: [UInt8]) {
        // Shorter than a header: SQLite writes none of it before the header, so nothing was committed.
        guard bytes.count >= Self.headerSize else { return }
        let magic = bytes.uint32(bigEndianAt: 0)
        let pageSize = Int(bytes.uint32(bigEndianAt: 8))
        let validSize = pageSize >= 512 && pageSize <= 65_536 && pageSize & (pageSize - 1) == 0
        let bigEndianSums = magic & 1 == 1
        var sums = Self.checksum(bytes, from: 0, count: 24, bigEndian: bigEndianSums, seed: (0, 0))
        guard magic & ~1 == 0x377f_0682, bytes.uint32(bigEndianAt: 4) == 3_007_000, validSize,
              sums == (bytes.uint32(bigEndianAt: 24), bytes.uint32(bigEndianAt: 28)) else {
            headerDamaged = bytes.count > Self.headerSize
            return
        }
        self.pageSize = pageSize
        let salts = (bytes.uint32(bigEndianAt: 16), bytes.uint32(bigEndianAt: 20))
        let frameSize = Self.frameHeaderSize + pageSize
        frames = (bytes.count - Self.headerSize) / frameSize
        var chainIntact = true
        for index in 0..<frames {
            let offset = Self.headerSize + index * frameSize
            let isCurrent = (bytes.uint32(bigEndianAt: offset + 8), bytes.uint32(bigEndianAt: offset + 12)) == salts
            let isCommit = bytes.uint32(bigEndianAt: offset + 4) != 0
            if chainIntact {
                var next = Self.checksum(bytes, from: offset, count: 8, bigEndian: bigEndianSums, seed: sums)
                next = Self.checksum(bytes, from: offset + Self.frameHeaderSize, count: pageSize, bigEndian: bigEndianSums, seed: next)
                let stored = (bytes.uint32(bigEndianAt: offset + 16), bytes.uint32(bigEndianAt: offset + 20))
                if isCurrent, bytes.uint32(bigEndianAt: offset) != 0, next == stored {
                    sums = next
                    intactFrames = index + 1
                    if isCommit { recovered = index + 1 }
                    continue
                }
                chainIntact = false
            }
            // A stop tears only the transaction being written, before its commit frame: a
            // commit here was written whole after the break, or is the frame that breaks. A kill
            // between writing that frame's header and its page leaves the latter too, but so does
            // a damaged acknowledged commit: both are counted, and refused.
            if isCurrent && isCommit { droppedCommits += 1 }
        }
    }

    /// The byte offset of the first frame after `intactFrames`, for messages.
    var breakOffset: Int { Self.headerSize + intactFrames * (Self.frameHeaderSize + pageSize) }

    /// SQLite's WAL checksum (`walChecksumBytes`): two running sums over pairs of 32-bit words,
    /// read in the byte order the header's magic names.
    private static func checksum(_ bytes: [UInt8], from start: Int, count: Int, bigEndian: Bool,
                                 seed: (UInt32, UInt32)) -> (UInt32, UInt32) {
        var (first, second) = seed
        bytes.withUnsafeBytes { raw in
            var offset = start
            let end = start + count
            while offset < end {
                var x0 = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                var x1 = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                if bigEndian {
                    x0 = UInt32(bigEndian: x0)
                    x1 = UInt32(bigEndian: x1)
                } else {
                    x0 = UInt32(littleEndian: x0)
                    x1 = UInt32(littleEndian: x1)
                }
                first = first &+ x0 &+ second
                second = second &+ x1 &+ first
                offset += 8
            }
        }
        return (first, second)
    }
}

extension [UInt8] {
    /// The 32-bit big-endian number at `offset`, as SQLite's file headers store them.
    func uint32(bigEndianAt offset: Int) -> UInt32 {
        UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16 | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }
}
