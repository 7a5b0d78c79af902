/// A read-only tree of files: a directory on disk, or a git tree at a revision.
///
/// Paths are relative to the tree's root, separated by `/`, with no `.` or
/// `..` parts and no leading or trailing slash; the root itself is `""`.
package protocol FileTree {
    /// What is at `path`, or `nil` when nothing is.
    func entryKind(_ path: String) -> FileEntryKind?

    /// The bytes of the file at `path`.
    func readFile(_ path: String) throws -> [UInt8]

    /// The names of the entries of the directory at `path`, sorted byte-wise.
    func listDirectory(_ path: String) throws -> [String]

    /// How a path of this tree is shown to users (`/abs/dir/file.yaml`, `clusters/prod@3f2a1c`).
    func displayPath(_ path: String) -> String

    /// An identity of the content at `path` that changes whenever the content
    /// does (a git object id), or `nil` when the tree cannot tell cheaply.
    func contentIdentity(_ path: String) -> String?

    /// What this tree appends to every path it shows (`@3f2a1c` for a revision),
    /// so that a result built from another tree can be shown as this one's.
    var displaySuffix: String { get }

    /// A tree with the same content that another thread may read while this
    /// one is in use, or `nil` when the tree cannot make one (readers then stay
    /// on one thread).
    func concurrentCopy() -> (any FileTree)?

    /// The tree path of what `path` names once symbolic links are followed, or
    /// `nil` when that lies outside the tree or `path` names nothing. A tree
    /// without links gives `path` back.
    func realPath(_ path: String) -> String?
}

extension FileTree {
    package func contentIdentity(_ path: String) -> String? { nil }
    package var displaySuffix: String { "" }
    package func concurrentCopy() -> (any FileTree)? { nil }
    package func realPath(_ path: String) -> String? { path }
}

/// What a path of a `FileTree` holds.
package enum FileEntryKind: Sendable, Equatable {
    case file
    case directory
    /// A symbolic link in a git tree, or a submodule: neither can be read as a manifest.
    case other
}

/// A failure to read from a `FileTree`.
package struct FileTreeError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: Sendable, Equatable {
        case notFound
        case notADirectory
        case notAFile
        case unreadable
    }

    package var code: Code
    /// The path as shown to users.
    package var path: String
    package var detail: String

    package init(_ code: Code, path: String, detail: String = "") {
        self.code = code
        self.path = path
        self.detail = detail
    }

    /// The error for a file larger than `FileLimits.fileBytes`, shown as `path`.
    package static func tooLarge(_ path: String) -> FileTreeError {
        FileTreeError(.unreadable, path: path,
                      detail: "larger than \(FileLimits.describe(FileLimits.fileBytes)), the most git-ops reads from one file")
    }

    package var description: String {
        let reason: String
        switch code {
        case .notFound: reason = "no such file or directory"
        case .notADirectory: reason = "not a directory"
        case .notAFile: reason = detail.isEmpty ? "not a file" : detail
        case .unreadable: reason = detail.isEmpty ? "cannot be read" : detail
        }
        return "cannot read '\(path)': \(reason)"
    }
}

/// Joining and normalising the `/`-separated paths of a `FileTree`.
package enum TreePath {
    /// `base` joined with `relative`, with `.` and `..` resolved; `nil` when it
    /// would leave the tree's root.
    package static func join(_ base: String, _ relative: String) -> String? {
        if isPlain(relative) {
            // The common case: a relative path with no `.`, `..` or empty parts.
            return base.isEmpty ? relative : base + "/" + relative
        }
        // Split on the bytes: paths are resolved for every file a build reads.
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var parts: [Substring] = relative.utf8.first == slash ? [] : base.utf8.split(separator: slash).map { Substring($0) }
        for part in relative.utf8.split(separator: slash, omittingEmptySubsequences: true) {
            if part.count == 1, part.first == dot { continue }
            if part.count == 2, part.allSatisfy({ $0 == dot }) {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                continue
            }
            parts.append(Substring(part))
        }
        return parts.joined(separator: "/")
    }

    /// True for a non-empty relative path whose parts are all names (no `.`, `..` or empty parts).
    static func isPlain(_ path: String) -> Bool {
        var partStart = true
        var dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if partStart || dots == 1 || dots == 2 { return false }
                partStart = true
                dots = 0
                continue
            }
            if partStart || dots > 0 {
                if byte == UInt8(ascii: ".") && (partStart || dots > 0) { dots += 1 } else { dots = -1 }
            }
            partStart = false
        }
        return !partStart && dots != 1 && dots != 2
    }

    /// The directory part of `path` (`""` for a top-level name).
    package static func parent(_ path: String) -> String {
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(Substring(utf8[..<slash]))
    }

    /// The last component of `path`.
    package static func base(_ path: String) -> String {
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(Substring(utf8[utf8.index(after: slash)...]))
    }
}
