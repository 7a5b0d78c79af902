/// How much of a file a tree hands out: the bound every reader of the
/// renderer's input (a directory on disk, a git tree) enforces before it reads.
package enum FileLimits {
    /// The largest file a render reads (a resource, patch, generator source or
    /// configuration), on disk or in git: 64 MiB.
    package static let fileBytes = 64 << 20

    /// `bytes` in the largest whole unit: `64 MiB`, `512 KiB`, `100 bytes`.
    package static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
