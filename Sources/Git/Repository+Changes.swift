#if canImport(Glibc)
import Glibc
#endif
import CGit2

extension Repository {
    /// The paths that differ from the tree of `old` to the tree of `new`
    /// (commits or trees; `nil` is the empty tree), sorted by path.
    ///
    /// Renames are detected as `git diff -M` does (50 % similarity), and only
    /// among the paths compared. `prefixes` limits the comparison to these
    /// directories or files (`clusters/prod`), taken literally, not as globs.
    package func changedPaths(from old: ObjectID?, to new: ObjectID, under prefixes: [String] = []) throws -> [PathChange] {
        let context = "cannot compare '\(old?.short ?? "empty tree")' with '\(new.short)'"
        let oldTree = try old.map { try object($0, peeledTo: GIT_OBJECT_TREE) }
        let newTree = try object(new, peeledTo: GIT_OBJECT_TREE)

        var options = git_diff_options()
        try GitError.check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), context)
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue | GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        // git_strarray borrows C strings: they are duplicated here and freed when the diff is made.
        var pathspec: [UnsafeMutablePointer<CChar>?] = prefixes.map { strdup(LocalPath.trimmed($0)) }
        defer { pathspec.forEach { free($0) } }
        let diff = try pathspec.withUnsafeMutableBufferPointer { strings in
            options.pathspec = git_strarray(strings: strings.baseAddress, count: strings.count)
            return try Handle.make(context, release: { git_diff_free($0) }) {
                git_diff_tree_to_tree(&$0, handle.pointer, oldTree?.pointer, newTree.pointer, &options)
            }
        }

        var find = git_diff_find_options()
        try GitError.check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), context)
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        try GitError.check(git_diff_find_similar(diff.pointer, &find), context)

        var changes: [PathChange] = []
        for index in 0..<git_diff_num_deltas(diff.pointer) {
            guard let delta = git_diff_get_delta(diff.pointer, index)?.pointee else { continue }
            let oldPath = delta.old_file.path.map { String(cString: $0) } ?? ""
            let newPath = delta.new_file.path.map { String(cString: $0) } ?? oldPath
            var change: PathChange
            switch delta.status {
            case GIT_DELTA_ADDED: change = PathChange(.added, newPath)
            case GIT_DELTA_DELETED: change = PathChange(.deleted, oldPath)
            case GIT_DELTA_MODIFIED: change = PathChange(.modified, newPath)
            case GIT_DELTA_RENAMED: change = PathChange(.renamed, newPath, from: oldPath)
            case GIT_DELTA_TYPECHANGE: change = PathChange(.typeChanged, newPath)
            default: continue  // unmodified, ignored, untracked: never produced between two trees
            }
            let link = UInt16(GIT_FILEMODE_LINK.rawValue)
            change.involvesLink = delta.old_file.mode == link || delta.new_file.mode == link
            changes.append(change)
        }
        return changes
    }
}
