#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A `FileTree` over a directory on disk. Symbolic links are followed.
package struct DirectoryTree: FileTree, Sendable {
    /// The absolute path of the tree's root, without a trailing slash (`""` for `/`).
    package let root: String
    private let resolvedPaths = ResolvedPaths()

    /// A tree rooted at the absolute directory `root`.
    package init(root: String) {
        var root = root
        while root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    /// The process's current directory, or `nil` when it cannot be read (removed, or too deep).
    package static func currentDirectory() -> String? {
        guard let pointer = getcwd(nil, 0) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The absolute path of a tree path.
    package func absolutePath(_ path: String) -> String {
        path.isEmpty ? (root.isEmpty ? "/" : root) : "\(root)/\(path)"
    }

    package func displayPath(_ path: String) -> String { absolutePath(path) }

    /// The tree itself: its only state is a thread-safe cache, so any thread may read through it.
    package func concurrentCopy() -> (any FileTree)? { self }

    package func realPath(_ path: String) -> String? {
        guard let realRoot = resolvedPaths.resolved("", in: self), let real = resolvedPaths.resolved(path, in: self) else { return nil }
        if real == realRoot { return "" }
        let prefix = realRoot.hasSuffix("/") ? realRoot : realRoot + "/"
        guard real.hasPrefix(prefix) else { return nil }
        return String(real.dropFirst(prefix.count))
    }

    /// `absolute` with every symbolic link followed, or `nil` when it names nothing.
    static func resolved(_ absolute: String) -> String? {
        guard let pointer = realpath(absolute, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    package func entryKind(_ path: String) -> FileEntryKind? {
        var info = stat()
        guard stat(absolutePath(path), &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Reads a regular file of at most `FileLimits.fileBytes`. Anything else
    /// (a FIFO, a device, a socket, a directory) is refused before a byte is
    /// read: it is opened without blocking, so a FIFO with no writer cannot hang
    /// the render, and its type is checked on the open descriptor.
    package func readFile(_ path: String) throws -> [UInt8] {
        let absolute = absolutePath(path)
        let descriptor = open(absolute, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { throw Self.error(errno, absolute) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.error(errno, absolute) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileTreeError(.notAFile, path: absolute, detail: "a directory, not a file")
        default: throw FileTreeError(.notAFile, path: absolute, detail: "not a regular file (\(Self.describeType(info.st_mode)))")
        }
        let limit = FileLimits.fileBytes
        guard Int(info.st_size) <= limit else { throw FileTreeError.tooLarge(absolute) }
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0))
        var filled = 0
        while true {
            // A file that grows while it is read (or reports no size, as /proc files
            // do) is still read only up to the limit.
            if filled == bytes.count {
                guard filled <= limit else { throw FileTreeError.tooLarge(absolute) }
                bytes.append(contentsOf: repeatElement(0, count: min(max(4096, bytes.count), limit + 1 - filled)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.error(errno, absolute)
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= limit else { throw FileTreeError.tooLarge(absolute) }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// What a file that is neither regular nor a directory is, as `ls -l` would call it.
    static func describeType(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a named pipe"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    package func listDirectory(_ path: String) throws -> [String] {
        let absolute = absolutePath(path)
        guard let directory = opendir(absolute) else { throw Self.error(errno, absolute) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = try withUnsafePointer(to: entry.pointee.d_name) { pointer in
                try pointer.withMemoryRebound(to: CChar.self, capacity: 256) { try EntryName.decode(cString: $0, in: displayPath(path)) }
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return names
    }

    static func error(_ code: Int32, _ path: String) -> FileTreeError {
        switch code {
        case ENOENT: return FileTreeError(.notFound, path: path)
        case ENOTDIR: return FileTreeError(.notADirectory, path: path)
        default: return FileTreeError(.unreadable, path: path, detail: String(cString: strerror(code)))
        }
    }
}

/// The real paths of a tree's directories, kept so that checking every file a
/// render reads against its kustomization's real directory costs one `lstat`
/// per file rather than one per component of its absolute path.
private final class ResolvedPaths: Sendable {
    private let directories = Mutex<[String: String?]>([:])

    /// The real absolute path of tree path `path`, or `nil` when it names nothing.
    func resolved(_ path: String, in tree: DirectoryTree) -> String? {
        if let known = directories.withLock({ $0[path] }) { return known }
        return resolve(path, in: tree)
    }

    private func resolve(_ path: String, in tree: DirectoryTree) -> String? {
        let absolute = tree.absolutePath(path)
        // The root, and paths that climb or are not in normal form, are resolved whole.
        guard !path.isEmpty, Self.isNormalForm(path) else {
            return remember(path, DirectoryTree.resolved(absolute))
        }
        var info = stat()
        guard lstat(absolute, &info) == 0 else { return nil }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFLNK { return remember(path, DirectoryTree.resolved(absolute)) }
        let utf8 = path.utf8
        let slash = utf8.lastIndex(of: UInt8(ascii: "/"))
        let parent = slash.map { String(path[..<$0]) } ?? ""
        let name = slash.map { path[utf8.index(after: $0)...] } ?? path[...]
        guard let realParent = resolved(parent, in: tree) else { return nil }
        let real = (realParent.hasSuffix("/") ? realParent : realParent + "/") + name
        return kind == S_IFDIR ? remember(path, real) : real
    }

    /// Whether `path` has no empty, `.` or `..` component, judged on its bytes.
    static func isNormalForm(_ path: String) -> Bool {
        var length = 0
        var onlyDots = true
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (onlyDots && length <= 2) { return false }
                length = 0
                onlyDots = true
            } else {
                length += 1
                if byte != UInt8(ascii: ".") { onlyDots = false }
            }
        }
        return !(length == 0 || (onlyDots && length <= 2))
    }

    /// Keeps the real path of a directory, the root or a link; plain files are many and read once.
    private func remember(_ path: String, _ real: String?) -> String? {
        directories.withLock { $0[path] = .some(real) }
        return real
    }
}
