import Manifests

/// A change a watch reports.
package enum WatchEvent: Sendable, Equatable {
    /// An object was created (or was there when the watch started from an old version).
    case added(Node)
    /// An object changed.
    case modified(Node)
    /// An object was deleted; its last state.
    case deleted(Node)
    /// Nothing changed up to this resourceVersion (the server's progress mark).
    case bookmark(resourceVersion: String)
    /// The server's history no longer reached back to the watch's version (410 Gone): the
    /// watch listed again, and this is the whole current state; changes follow from it.
    case relisted(ObjectList)
}

/// Splits a streamed body into its lines, each a JSON watch event.
struct LineSplitter {
    private var pending: [UInt8] = []
    /// The longest line kept: larger than any object etcd stores.
    static let maxLine = 16 << 20

    /// The complete lines `bytes` ends, without their newlines; throws on a line past `maxLine`.
    mutating func append(_ bytes: some Sequence<UInt8>) throws -> [[UInt8]] {
        pending.append(contentsOf: bytes)
        var lines: [[UInt8]] = []
        var start = 0
        while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            if newline > start { lines.append(Array(pending[start..<newline])) }
            start = newline + 1
        }
        pending.removeFirst(start)
        guard pending.count <= Self.maxLine else {
            throw KubeError(.invalidResponse, "a watch event is longer than \(Self.maxLine) bytes")
        }
        return lines
    }
}
