/// The checksum stored beside each object row, over its key, resourceVersion and JSON, so a byte
/// changed on disk is found when the store loads rather than served.
///
/// FxHash's step (rustc's hasher, crate `rustc-hash` 1.x: rotate left 5, xor a word, multiply by
/// 0x517cc1b727220a95), eight bytes at a time, with each field's length: not cryptographic, and
/// needs not be, since it guards against damage, not against an attacker. Each step is a
/// bijection of the running value for a given word and one-to-one in the word, so any one
/// changed word (hence any single changed byte) changes the result. Taking eight bytes a step
/// (the FNV-1a of `OpenAPIDocuments` takes one), it checks 40 MB of JSON in milliseconds at
/// start, and adds nothing a commit would notice.
enum RowChecksum {
    /// Any start but zero, so that a row of zeros does not hash to zero.
    private static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The checksum of one row, as SQLite stores it (a signed 64-bit integer).
    static func of(_ key: ObjectKey, resourceVersion: Int64, body: [UInt8]) -> Int64 {
        var hash = seed
        for var text in [key.storageKey, key.namespace, key.name] {
            text.withUTF8 { hash = mix(UnsafeRawBufferPointer($0), into: hash) }
        }
        hash = step(hash, UInt64(bitPattern: resourceVersion))
        body.withUnsafeBytes { hash = mix($0, into: hash) }
        return Int64(bitPattern: hash)
    }

    private static func step(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        ((hash << 5 | hash >> 59) ^ word) &* 0x517c_c1b7_2722_0a95
    }

    /// Mixes `bytes` in, little-endian words first, then the tail and the length (so that
    /// fields of different lengths never read as the same words).
    private static func mix(_ bytes: UnsafeRawBufferPointer, into start: UInt64) -> UInt64 {
        var hash = start
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = step(hash, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var tail: UInt64 = 0
        for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
        return step(step(hash, tail), UInt64(bytes.count))
    }
}
