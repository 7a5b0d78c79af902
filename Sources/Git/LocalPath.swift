import FileTree
#if canImport(Glibc)
import Glibc
#endif

/// Paths of the local file system, as git resolves the ones it is given.
enum LocalPath {
    /// The process's current directory.
    static func currentDirectory() throws -> String {
        guard let directory = DirectoryTree.currentDirectory() else {
            throw GitError(.failed, "cannot read the current directory: \(String(cString: strerror(errno)))")
        }
        return directory
    }

    /// `path` made absolute against `directory` when it is relative; `.` and `..` are left as they are.
    static func absolute(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "." { return directory }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// `path` with symbolic links, `.` and `..` resolved, or `nil` when it does not exist.
    static func real(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Whether something is at `path`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Whether `path` is a directory (following symbolic links).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The directory holding the absolute `path` (`/` for a top-level entry).
    static func parent(_ path: String) -> String {
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")), slash != utf8.startIndex else { return "/" }
        return String(Substring(utf8[..<slash]))
    }

    /// `path` without the trailing slashes libgit2 puts on directories (`/` stays `/`).
    static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// The part of `path` below `root` (`""` when they are the same), or `nil` when `path` is not inside `root`.
    ///
    /// Both are compared as given: pass real paths when symbolic links may differ.
    static func relative(_ path: String, to root: String) -> String? {
        let path = trimmed(path)
        let root = trimmed(root)
        if path == root { return "" }
        let base = root == "/" ? "/" : root + "/"
        guard path.hasPrefix(base) else { return nil }
        return String(path.dropFirst(base.count))
    }
}
