import COpenSSL

/// Why a certificate or key could not be made or read: the failure first, then libcrypto's
/// reason (`cannot sign the certificate 'kube-apiserver': ...`). Never holds key material.
package struct CertificateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed.
    package enum Code: Sendable, Equatable {
        /// A key could not be generated, or a certificate built or signed.
        case generate
        /// PEM text is not a certificate or key libcrypto can read.
        case read
        /// A name given for a certificate is not one it can carry.
        case invalidName
    }

    /// What failed.
    package var code: Code
    /// The whole message, failure first.
    package var message: String

    /// An error with its code and message.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    package var description: String { message }

    /// `failure: <libcrypto's reason>`, emptying libcrypto's error queue of this thread.
    static func openSSL(_ code: Code, _ failure: String) -> CertificateError {
        var reasons: [String] = []
        while case let error = ERR_get_error(), error != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(error, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return CertificateError(code, reasons.isEmpty ? failure : "\(failure): \(reasons.joined(separator: "; "))")
    }

    /// Throws `openSSL(code, failure)` unless libcrypto returned success (1).
    static func check(_ status: Int32, _ code: Code, _ failure: @autoclosure () -> String) throws {
        guard status == 1 else { throw openSSL(code, failure()) }
    }
}
