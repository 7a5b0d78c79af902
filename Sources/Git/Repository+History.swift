import CGit2

extension Repository {
    /// The commits reachable from `start`, newest first (by commit time, as `git log` lists them).
    ///
    /// - Parameters:
    ///   - firstParentOnly: follow only first parents (`git log --first-parent`),
    ///     as a deployment history or a mainline is read.
    ///   - excluding: leave out commits reachable from these (`git log start ^excluded`).
    ///   - limit: stop after this many commits (`git log -n`).
    package func history(
        from start: ObjectID, firstParentOnly: Bool = false, excluding: [ObjectID] = [], limit: Int? = nil
    ) throws -> [Commit] {
        let context = "cannot walk history from '\(start.short)'"
        let walk = try Handle.make(context, release: { git_revwalk_free($0) }) {
            git_revwalk_new(&$0, handle.pointer)
        }
        try GitError.check(git_revwalk_sorting(walk.pointer, GIT_SORT_TIME.rawValue), context)
        if firstParentOnly {
            try GitError.check(git_revwalk_simplify_first_parent(walk.pointer), context)
        }
        var oid = start.oid
        try GitError.check(git_revwalk_push(walk.pointer, &oid), context)
        for hidden in excluding {
            var hiddenOID = hidden.oid
            try GitError.check(git_revwalk_hide(walk.pointer, &hiddenOID), "\(context) excluding '\(hidden.short)'")
        }
        var commits: [Commit] = []
        while limit.map({ commits.count < $0 }) ?? true {
            var next = git_oid()
            let result = git_revwalk_next(&next, walk.pointer)
            if result == GIT_ITEROVER.rawValue { break }
            try GitError.check(result, context)
            let commit = try Handle.make(context, release: { git_commit_free($0) }) {
                git_commit_lookup(&$0, handle.pointer, &next)
            }
            commits.append(Commit(commit.pointer))
        }
        return commits
    }
}

extension Repository {
    /// The best common ancestor of `one` and `two`, as `git merge-base` prints it, or `nil` when their histories never meet.
    package func mergeBase(_ one: ObjectID, _ two: ObjectID) throws -> ObjectID? {
        var base = git_oid()
        var first = one.oid
        var second = two.oid
        let result = git_merge_base(&base, handle.pointer, &first, &second)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(result, "cannot find a merge base of '\(one.short)' and '\(two.short)'")
        return ObjectID(base)
    }
}
