/// The bounds put on what git-ops reads, so that no input, however made, can
/// exhaust the stack or memory of a render, a hook or the local cluster.
///
/// Each is far above what a real manifest reaches (Kubernetes refuses objects
/// over about 1.5 MiB, and the deepest CRD schemas nest about a hundred
/// levels) and is documented in git-ops-render(1). A limit reached is an
/// error naming the file and the limit, never a crash.
package enum InputLimits {
    /// Mappings and sequences nested deeper than this are refused by the YAML
    /// and JSON readers, so every walk of a tree (merges, patches, the printer)
    /// recurses a bounded number of times.
    package static let nestingDepth = 512

    /// Aliases may add this many times the size of the text they are read
    /// from (scalar bytes plus one per node), or `aliasExpansionFloor`,
    /// whichever is more: a "billion laughs" document of nodes or of one large
    /// scalar repeated is refused before it is built.
    package static let aliasExpansionRatio = 10
    /// What aliases may always add, in bytes.
    package static let aliasExpansionFloor = 4 << 20

    /// The most a render may print, and the largest size one object may grow
    /// to through patches or replacements that copy values: 256 MiB.
    package static let renderedBytes = 256 << 20

    /// `bytes` as people read a size: `64 MiB`, `512 KiB`, `100 bytes`.
    package static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
