import Manifests
#if canImport(Glibc)
import Glibc
#endif

/// Changes a kubeconfig file safely: under kubectl's lock (`<file>.lock`, made exclusively,
/// so kubectl and another git-ops wait for each other), written to a file beside it and
/// renamed over it, mode 0600 from the first byte (it holds keys), so no reader ever sees
/// half of it or a key readable by others.
enum KubeconfigFile {
    /// How many times a held lock is tried again, 50 ms apart: 5 seconds in all.
    static let lockAttempts = 100

    /// Replaces the document of `path` with `change(current)`; nil leaves the file as it is.
    static func update(_ path: String, _ change: (Node?) throws -> Node?) throws {
        let directory = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        try makeDirectories(directory, for: path)
        let lock = path + ".lock"
        try acquire(lock)
        defer { unlink(lock) }
        let existing: Node?
        if access(path, F_OK) == 0 {
            let bytes = try LocalFile.read(path, failure: "cannot read kubeconfig '\(path)'")
            do {
                existing = try YAMLParser(source: path).parse(bytes).first
            } catch {
                throw KubeconfigError(.unreadable, "cannot read kubeconfig '\(path)': \(error)")
            }
        } else {
            existing = nil
        }
        guard let document = try change(existing) else { return }
        let text: String
        do {
            text = try YAMLEmitter.document(document)
        } catch {
            throw KubeconfigError(.unwritable, "cannot write kubeconfig '\(path)': \(error)")
        }
        try replace(path, with: Array(text.utf8))
    }

    private static func acquire(_ lock: String) throws {
        for attempt in 0..<lockAttempts {
            let descriptor = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                close(descriptor)
                return
            }
            guard errno == EEXIST else { throw failure("cannot lock kubeconfig with '\(lock)'", errno) }
            if attempt + 1 < lockAttempts { usleep(50_000) }
        }
        throw KubeconfigError(.unwritable, "cannot lock kubeconfig: '\(lock)' exists; another kubectl or git-ops may be "
                                  + "writing it, else remove the file")
    }

    private static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporary = path + ".git-ops.tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot write '\(temporary)'", errno) }
        // O_CREAT's mode does not change a file left by an earlier run.
        fchmod(descriptor, 0o600)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let error = failure("cannot write '\(temporary)'", errno)
                close(descriptor)
                unlink(temporary)
                throw error
            }
            offset += written
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else { throw failure("cannot write '\(temporary)'", errno) }
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot replace '\(path)'", errno)
            unlink(temporary)
            throw error
        }
    }

    private static func makeDirectories(_ directory: String, for path: String) throws {
        var made = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            made += "/" + component
            if mkdir(made, 0o755) != 0 && errno != EEXIST {
                throw failure("cannot make the directory of kubeconfig '\(path)'", errno)
            }
        }
    }

    private static func failure(_ message: String, _ number: Int32) -> KubeconfigError {
        KubeconfigError(.unwritable, "\(message): \(String(cString: strerror(number)))")
    }
}
