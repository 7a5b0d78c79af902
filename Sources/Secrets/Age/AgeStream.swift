/// The age payload (C2SP age.md "Payload"): a 16-byte nonce, then the
/// plaintext in 64 KiB chunks, each sealed with ChaCha20-Poly1305 under a key
/// derived from the file key and the nonce. A chunk's nonce is an 11-byte
/// big-endian counter and a last-chunk flag byte.
enum AgeStream {
    static let chunkSize = 64 * 1024
    static let nonceSize = 16

    static func payloadKey(fileKey: [UInt8], nonce: [UInt8]) throws -> [UInt8] {
        try LibCrypto.hkdfSHA256(key: fileKey, salt: nonce, info: Array("payload".utf8), length: 32)
    }

    static func chunkNonce(_ counter: UInt64, last: Bool) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: 12)
        for index in 0..<8 { nonce[3 + index] = UInt8(truncatingIfNeeded: counter >> UInt64(8 * (7 - index))) }
        nonce[11] = last ? 1 : 0
        return nonce
    }

    /// Seals `plaintext` under `fileKey`: a fresh nonce, then the chunks.
    static func seal(_ plaintext: [UInt8], fileKey: [UInt8]) throws -> [UInt8] {
        let nonce = try LibCrypto.randomBytes(nonceSize)
        var key = try payloadKey(fileKey: fileKey, nonce: nonce)
        defer { LibCrypto.wipe(&key) }
        var output = nonce
        output.reserveCapacity(nonceSize + plaintext.count + (plaintext.count / chunkSize + 1) * AEAD.tagSize)
        var start = 0
        var counter: UInt64 = 0
        repeat {
            let end = min(start + chunkSize, plaintext.count)
            let last = end == plaintext.count
            let sealed = try AEAD.chaCha20Poly1305.seal(key: key, nonce: chunkNonce(counter, last: last), plaintext: Array(plaintext[start..<end]))
            output += sealed.ciphertext + sealed.tag
            start = end
            counter += 1
        } while start < plaintext.count
        return output
    }

    /// Opens the payload, handing each chunk's plaintext to `release` once it
    /// has authenticated (what came before a failure has been released, as
    /// with the reference implementation's streaming reader).
    static func open(_ payload: ArraySlice<UInt8>, fileKey: [UInt8], release: ([UInt8]) -> Void) throws {
        guard payload.count >= nonceSize else {
            throw SecretsError(.header, "the age payload is shorter than its 16-byte nonce")
        }
        let nonce = Array(payload.prefix(nonceSize))
        var key = try payloadKey(fileKey: fileKey, nonce: nonce)
        defer { LibCrypto.wipe(&key) }
        let sealedChunk = chunkSize + AEAD.tagSize
        var start = payload.startIndex + nonceSize
        var counter: UInt64 = 0
        guard start < payload.endIndex else { throw SecretsError(.payload, "the age payload has no chunks") }
        while true {
            let end = min(start + sealedChunk, payload.endIndex)
            let chunk = payload[start..<end]
            guard chunk.count > AEAD.tagSize || (counter == 0 && chunk.count == AEAD.tagSize) else {
                throw SecretsError(.payload, chunk.count == AEAD.tagSize
                    ? "the last age payload chunk is empty" : "the age payload is truncated")
            }
            let ciphertext = Array(chunk.dropLast(AEAD.tagSize))
            let tag = Array(chunk.suffix(AEAD.tagSize))
            // A full chunk is tried as an inner one first, as the reference
            // reader does: it is released, and the payload must go on.
            if chunk.count == sealedChunk,
               let opened = try AEAD.chaCha20Poly1305.open(key: key, nonce: chunkNonce(counter, last: false), ciphertext: ciphertext, tag: tag) {
                release(opened)
                start = end
                counter += 1
                guard start < payload.endIndex else {
                    throw SecretsError(.payload, "the age payload ends without its last chunk: it was truncated")
                }
                continue
            }
            guard let opened = try AEAD.chaCha20Poly1305.open(key: key, nonce: chunkNonce(counter, last: true), ciphertext: ciphertext, tag: tag) else {
                throw SecretsError(.payload, "an age payload chunk does not authenticate: the file was changed or truncated")
            }
            release(opened)
            guard end == payload.endIndex else {
                throw SecretsError(.payload, "the age payload has data after its last chunk")
            }
            return
        }
    }
}
