/// The names of directory entries, as the trees read them from disk or git:
/// bytes that must be UTF-8 to be part of a path git-ops can name.
package enum EntryName {
    /// The entry name `bytes` as text; an error naming `directory` (as shown
    /// to users) and the name, bytes escaped, when it is not UTF-8. Repairing
    /// it instead would make a name that no lookup finds, and the file would
    /// silently drop out of a plain directory's render.
    package static func decode(_ bytes: UnsafeBufferPointer<UInt8>, in directory: String) throws -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let hex = Array("0123456789abcdef".utf8)
        var shown = ""
        for byte in bytes {
            if byte >= 0x20 && byte < 0x7f {
                shown.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                shown += "\\x" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        throw FileTreeError(.unreadable, path: directory,
                            detail: "holds '\(shown)', a name that is not UTF-8; rename it (git-ops reads UTF-8 paths only)")
    }

    /// The NUL-terminated entry name at `name`, as `decode(_:in:)` reads it.
    package static func decode(cString name: UnsafePointer<CChar>, in directory: String) throws -> String {
        var length = 0
        while name[length] != 0 { length += 1 }
        return try name.withMemoryRebound(to: UInt8.self, capacity: length) {
            try decode(UnsafeBufferPointer(start: $0, count: length), in: directory)
        }
    }
}
