import COpenSSL

/// SHA-256, computed by OpenSSL's libcrypto: the one digest of the package
/// (kustomize's name hashes, Secret values in deployment records, ApplySet ids),
/// and HMAC-SHA-256 (age's header MAC, webhook signatures).
package enum SHA256 {
    /// The 32-byte digest of `message`.
    package static func digest(_ message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = message.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when the library cannot allocate a context or
        // lacks SHA-256 altogether, which no OpenSSL 3 build does.
        precondition(status == 1 && length == 32, "libcrypto could not compute SHA-256")
        return Array(digest.prefix(32))
    }

    /// The digest of `message` in lower-case hexadecimal.
    package static func hexDigest(_ message: [UInt8]) -> String {
        hex(digest(message))
    }

    /// HMAC-SHA-256 of `message` under `key`; `nil` only when libcrypto fails.
    package static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard HMAC(EVP_sha256(), key, Int32(key.count), message, message.count, &output, &length) != nil, length == 32 else { return nil }
        return Array(output.prefix(32))
    }

    /// `bytes` in lower-case hexadecimal.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
