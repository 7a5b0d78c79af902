extension String {
    /// The text's UTF-8 bytes, read in place wherever the string holds them
    /// contiguously (every native string). `withUTF8` needs a mutable copy,
    /// whose retain and release are atomic: a cost on every key and value the
    /// emitter and resolver look at.
    package func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
