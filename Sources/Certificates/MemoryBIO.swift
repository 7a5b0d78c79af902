import COpenSSL

/// libcrypto's memory BIO, for PEM in and out of the module's handles.
enum MemoryBIO {
    /// Runs `body` with a BIO that reads `text`.
    static func reading<Result>(_ text: String, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        let bytes = Array(text.utf8)
        let bio = bytes.withUnsafeBytes { BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }
        guard let bio else { throw CertificateError.openSSL(.read, "cannot read PEM") }
        defer { BIO_free(bio) }
        // BIO_new_mem_buf does not copy: `bytes` lives until `body` returns.
        return try withExtendedLifetime(bytes) { try body(bio) }
    }

    /// The text `body` writes into a fresh BIO; `failure` words an error.
    static func writing(_ failure: String, _ body: (OpaquePointer) -> Int32) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw CertificateError.openSSL(.generate, failure) }
        defer { BIO_free(bio) }
        guard body(bio) == 1 else { throw CertificateError.openSSL(.generate, failure) }
        var start: UnsafeMutablePointer<CChar>?
        // BIO_get_mem_data is a macro Swift does not import; this is its expansion.
        let count = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &start)
        guard let start, count > 0 else { throw CertificateError.openSSL(.generate, failure) }
        return start.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }
}
