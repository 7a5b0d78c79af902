import CGit2

extension Repository {
    /// The object reference `name` points to (following symbolic references), or `nil` when it does not exist.
    package func referenceTarget(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, handle.pointer, name)
        switch result {
        case GIT_ENOTFOUND.rawValue: return nil
        case GIT_EINVALIDSPEC.rawValue:
            throw GitError(.invalid, "invalid reference name '\(name)'", cause: Libgit2.lastErrorMessage())
        default:
            try GitError.check(result, "cannot read reference '\(name)'")
            return ObjectID(oid)
        }
    }

    /// The references whose names start with the path `prefix` (`refs/ops/deploy`), sorted by name.
    ///
    /// `prefix` matches whole components, as `git for-each-ref` does:
    /// `refs/ops/lock` lists `refs/ops/lock/prod` but not `refs/ops/locks/x`.
    package func references(under prefix: String) throws -> [Reference] {
        let prefix = LocalPath.trimmed(prefix)
        let context = "cannot list references under '\(prefix)'"
        let iterator = try Handle.make(context, release: { git_reference_iterator_free($0) }) {
            git_reference_iterator_glob_new(&$0, handle.pointer, prefix.isEmpty ? "*" : "\(prefix)/*")
        }
        var references: [Reference] = []
        while true {
            var pointer: OpaquePointer?
            let result = git_reference_next(&pointer, iterator.pointer)
            if result == GIT_ITEROVER.rawValue { break }
            try GitError.check(result, context)
            guard let pointer else { continue }
            let reference = Handle(pointer) { git_reference_free($0) }
            let name = git_reference_name(reference.pointer).map { String(cString: $0) } ?? ""
            guard prefix.isEmpty || name.hasPrefix(prefix + "/") else { continue }
            // A symbolic reference that points nowhere (an unborn branch) has no target to list.
            guard let target = try referenceTarget(name) else { continue }
            references.append(Reference(name: name, target: target))
        }
        references.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return references
    }

    /// Points reference `name` at `id` if it still holds what `expected` says
    /// (compare-and-swap), with `message` in its reflog.
    ///
    /// The reference's reflog is created first, so `refs/ops/*` are logged like
    /// branches; in a bare repository that needs `enableReflogForAllRefs()`.
    /// Fails with code `referenceMoved` when another writer got there first:
    /// `cannot update 'refs/ops/lock/prod': reference moved (expected 1a2b3c4, found 4d5e6f7)`.
    package func updateReference(
        _ name: String, to id: ObjectID, expecting expected: Reference.Expectation, message: String
    ) throws {
        let context = expected == .absent ? "cannot create '\(name)'" : "cannot update '\(name)'"
        try requireWritable(context)
        try requireValidReferenceName(name, context)
        try GitError.check(git_reference_ensure_log(handle.pointer, name), context)
        var oid = id.oid
        var pointer: OpaquePointer?
        let result: Int32
        switch expected {
        case .absent:
            // Not git_reference_create without force: libgit2 checks that the reference is
            // missing before it takes the lock, so two creators can both win. An expected
            // value of all zeros means "must not exist" and is checked under the lock.
            var zero = git_oid()
            result = git_reference_create_matching(&pointer, handle.pointer, name, &oid, 1, &zero, message)
        case .value(let old):
            var oldOID = old.oid
            result = git_reference_create_matching(&pointer, handle.pointer, name, &oid, 1, &oldOID, message)
        case .any:
            result = git_reference_create(&pointer, handle.pointer, name, &oid, 1, message)
        }
        if let pointer { git_reference_free(pointer) }
        // create_matching reports a missing reference as not found: the swap lost all the same.
        let missing = result == GIT_ENOTFOUND.rawValue && expected != .any && expected != .absent
        if result == GIT_EEXISTS.rawValue || result == GIT_EMODIFIED.rawValue || missing {
            throw movedError(context, name, expected: expected)
        }
        try GitError.check(result, context)
    }

    /// Deletes reference `name` and its reflog, if it still points at `expected` (when given).
    package func deleteReference(_ name: String, expecting expected: ObjectID? = nil) throws {
        let context = "cannot delete '\(name)'"
        try requireWritable(context)
        try requireValidReferenceName(name, context)
        var pointer: OpaquePointer?
        let lookup = git_reference_lookup(&pointer, handle.pointer, name)
        if lookup == GIT_ENOTFOUND.rawValue { throw GitError(.notFound, "\(context): no such reference") }
        try GitError.check(lookup, context)
        guard let pointer else { throw GitError(.failed, "\(context): libgit2 returned no reference") }
        let reference = Handle(pointer) { git_reference_free($0) }
        if let expected {
            guard try referenceTarget(name) == expected else {
                throw movedError(context, name, expected: .value(expected))
            }
        }
        // libgit2 deletes only if the reference still holds the value it was
        // looked up with, checked under the reference's lock.
        let result = git_reference_delete(reference.pointer)
        if result == GIT_EMODIFIED.rawValue { throw movedError(context, name, expected: expected.map { .value($0) } ?? .any) }
        try GitError.check(result, context)
    }

    /// Throws `invalid` unless `name` is a well-formed reference name.
    private func requireValidReferenceName(_ name: String, _ context: String) throws {
        var valid: Int32 = 0
        guard git_reference_name_is_valid(&valid, name) >= 0, valid != 0 else {
            throw GitError(.invalid, "\(context): invalid reference name")
        }
    }

    /// The error for a lost compare-and-swap, naming what the reference holds now.
    private func movedError(_ context: String, _ name: String, expected: Reference.Expectation) -> GitError {
        let cause = Libgit2.lastErrorMessage()
        var found = "none"
        if let current = try? referenceTarget(name) { found = current.short }
        switch expected {
        case .absent:
            return GitError(.referenceMoved, "\(context): reference already exists (found \(found))", cause: cause)
        case .value(let old):
            return GitError(
                .referenceMoved, "\(context): reference moved (expected \(old.short), found \(found))", cause: cause)
        case .any:
            return GitError(.referenceMoved, "\(context): reference moved (found \(found))", cause: cause)
        }
    }

    /// The short name of the branch HEAD points at (`main`), also when it has no
    /// commit yet; `nil` when HEAD is detached.
    package func currentBranch() throws -> String? {
        var reference: OpaquePointer?
        let result = git_reference_lookup(&reference, handle.pointer, "HEAD")
        guard result == 0, let reference else {
            if result == GIT_ENOTFOUND.rawValue { return nil }
            throw GitError.libgit2(result, "cannot read HEAD")
        }
        defer { git_reference_free(reference) }
        guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(reference) else {
            return nil
        }
        let name = String(cString: target)
        return name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : nil
    }
}
