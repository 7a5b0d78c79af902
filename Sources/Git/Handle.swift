import CGit2

/// The sole owner of one libgit2 handle: it frees the handle exactly once, in `deinit`.
///
/// Every libgit2 object this module creates is wrapped in a `Handle` the
/// moment the C call returns it, so no early `throw` can leak it. The pointer
/// never leaves the module. A handle that libgit2 ties to a repository (trees,
/// commits, references, walks, diffs) must not outlive it: the owners of such
/// handles also keep the `Repository` alive.
///
/// Not `Sendable`: libgit2 objects may be used by one thread at a time only.
final class Handle<Pointer> {
    let pointer: Pointer
    private let release: (Pointer) -> Void

    init(_ pointer: Pointer, release: @escaping (Pointer) -> Void) {
        self.pointer = pointer
        self.release = release
    }

    deinit { release(pointer) }
}

extension Handle where Pointer == OpaquePointer {
    /// Runs a libgit2 constructor that returns its object through an out-parameter, and takes ownership of it.
    ///
    /// - Parameters:
    ///   - context: what was being done, for the error (`cannot read tree 1a2b3c`).
    ///   - release: the libgit2 function that frees this kind of object.
    ///   - create: the constructor call; it returns libgit2's status.
    static func make(
        _ context: @autoclosure () -> String,
        release: @escaping (OpaquePointer) -> Void,
        _ create: (inout OpaquePointer?) -> Int32
    ) throws -> Handle {
        var pointer: OpaquePointer?
        let result = create(&pointer)
        if result < 0 { throw GitError.libgit2(result, context()) }
        guard let pointer else { throw GitError(.failed, "\(context()): libgit2 returned no object") }
        return Handle(pointer, release: release)
    }
}

extension Handle where Pointer == UnsafeMutablePointer<git_signature> {
    /// A signature made by `git_signature_new`, owned until released with `git_signature_free`.
    static func signature(_ signature: Signature) throws -> Handle {
        var pointer: UnsafeMutablePointer<git_signature>?
        let result = git_signature_new(
            &pointer, signature.name, signature.email, signature.time, Int32(signature.offsetMinutes))
        let context = "invalid identity '\(signature.name) <\(signature.email)>'"
        if result < 0 { throw GitError.libgit2(result, context) }
        guard let pointer else { throw GitError(.failed, "\(context): libgit2 returned no signature") }
        return Handle(pointer) { git_signature_free($0) }
    }
}
