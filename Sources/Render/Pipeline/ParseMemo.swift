import Manifests
import Synchronization

/// Results of parsing files that a render reads more than once (components
/// and shared patches, which every overlay using them reads again), kept by
/// the file's name and exact bytes so each is parsed once.
///
/// A file seen for the first time is only noted (by a hash); its result is
/// kept from the second reading on, so files read once cost no memory.
final class ParseMemo<Value: Sendable>: Sendable {
    /// Hashed once, over the bytes as one block: an array of bytes would
    /// otherwise feed the hasher one byte at a time, twice per lookup.
    private struct Key: Hashable {
        var file: String
        var bytes: [UInt8]
        var digest: Int

        init(file: String, bytes: [UInt8]) {
            self.file = file
            self.bytes = bytes
            var hasher = Hasher()
            hasher.combine(file)
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
            digest = hasher.finalize()
        }

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.digest == rhs.digest && lhs.file == rhs.file && lhs.bytes == rhs.bytes
        }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }
    }

    private struct State {
        var seen = Set<Int>()
        var values: [Key: Value] = [:]
    }

    private let state = Mutex<State>(State())

    /// The result of `parse` for `bytes` of `file`, parsed at most once after its second reading.
    func value(file: String, bytes: [UInt8], parse: () throws -> Value) throws -> Value {
        let key = Key(file: file, bytes: bytes)
        let hash = key.digest
        let (cached, seenBefore) = state.withLock { state in (state.values[key], state.seen.contains(hash)) }
        if let cached { return cached }
        let value = try parse()
        state.withLock { state in
            if seenBefore { state.values[key] = value } else { state.seen.insert(hash) }
        }
        return value
    }
}
