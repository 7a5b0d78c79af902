#if canImport(Glibc)
import Glibc
#endif

/// Small files a connection names (certificates, keys, tokens), read with the system's
/// reason when they cannot be, and bounded so a wrong path to a large file fails at once.
enum LocalFile {
    /// The most a credential file may hold: 1 MiB, far more than any certificate chain.
    static let limit = 1 << 20

    /// The bytes of `path`; `failure` words the error (`cannot read client-key '/k' of user 'u'`).
    static func read(_ path: String, failure: @autoclosure () -> String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(failure(), errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw error(failure(), errno) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= limit else { throw KubeconfigError(.invalidEntry, "\(failure()): larger than 1 MiB") }
        }
    }

    private static func error(_ failure: String, _ number: Int32) -> KubeconfigError {
        KubeconfigError(.invalidEntry, "\(failure): \(String(cString: strerror(number)))")
    }
}
