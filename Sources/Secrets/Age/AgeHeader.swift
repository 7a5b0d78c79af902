import Manifests

/// One recipient stanza of an age header: `-> type args...`, then its body
/// in base64 lines of 64 columns ending with a shorter (possibly empty) one.
struct AgeStanza: Sendable, Equatable {
    var type: String
    var arguments: [String]
    var body: [UInt8]
}

/// The header of an age v1 file (C2SP age.md "Header"), parsed as strictly as
/// the reference implementation: canonical unpadded base64, arguments of
/// visible ASCII, full body lines of 48 bytes, the closing `--- <MAC>` line.
struct AgeHeader: Sendable, Equatable {
    static let intro = Array("age-encryption.org/v1\n".utf8)
    static let bytesPerLine = 48
    static let columnsPerLine = 64

    var stanzas: [AgeStanza]
    /// The 32-byte header MAC from the closing line.
    var mac: [UInt8]
    /// The bytes the MAC covers: the header up to and including `---`.
    var authenticated: [UInt8]

    /// Parses the header at the start of `file`; returns it and where the payload starts.
    static func parse(_ file: [UInt8]) throws -> (header: AgeHeader, payloadStart: Int) {
        var reader = LineReader(bytes: file)
        guard let first = reader.next(), Array(first) == intro.dropLast() else {
            if file.starts(with: Array("age-encryption.org/".utf8)) {
                throw SecretsError(.header, "unsupported age version: only 'age-encryption.org/v1' files are read")
            }
            throw SecretsError(.header, "not an age file: it does not start with 'age-encryption.org/v1'")
        }
        var stanzas: [AgeStanza] = []
        while true {
            let lineStart = reader.position
            guard let line = reader.next() else { throw SecretsError(.header, "the age header ends before its closing '---' line") }
            if line.starts(with: Array("---".utf8)) {
                let parts = split(line)
                guard parts.count == 2, parts[0] == "---" else {
                    throw SecretsError(.header, "malformed closing line of the age header")
                }
                guard let mac = Base64.decode(Array(parts[1].utf8), padded: false), mac.count == 32 else {
                    throw SecretsError(.header, "the header MAC is not 32 bytes of canonical base64")
                }
                let header = AgeHeader(stanzas: stanzas, mac: mac, authenticated: Array(file[..<(lineStart + 3)]))
                return (header, reader.position)
            }
            guard line.starts(with: Array("->".utf8)) else {
                throw SecretsError(.header, "malformed age header: a line starts neither a stanza ('->') nor the end ('---')")
            }
            let parts = split(line)
            guard parts[0] == "->", parts.count >= 2 else { throw SecretsError(.header, "malformed stanza opening line") }
            for argument in parts.dropFirst() where argument.isEmpty || !argument.utf8.allSatisfy({ $0 >= 33 && $0 <= 126 }) {
                throw SecretsError(.header, "malformed stanza: an argument is empty or not visible ASCII")
            }
            stanzas.append(AgeStanza(type: parts[1], arguments: Array(parts.dropFirst(2)), body: try readBody(&reader)))
        }
    }

    private static func readBody(_ reader: inout LineReader) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            guard let line = reader.next() else { throw SecretsError(.header, "a stanza body ends before its final short line") }
            guard line.count <= columnsPerLine, let bytes = Base64.decode(line, padded: false) else {
                throw SecretsError(.header, "malformed stanza body line: not canonical base64 of at most 64 columns")
            }
            body += bytes
            if bytes.count < bytesPerLine { return body }
        }
    }

    /// Splits a line on single spaces, keeping empty fields (a double space is an error later).
    private static func split(_ line: ArraySlice<UInt8>) -> [String] {
        line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The header as written, up to and including `---` (what the MAC covers).
    static func encode(_ stanzas: [AgeStanza]) -> [UInt8] {
        var output = intro
        for stanza in stanzas {
            output += Array((["->", stanza.type] + stanza.arguments).joined(separator: " ").utf8) + [0x0A]
            let text = Array(Base64.encode(stanza.body, padded: false).utf8)
            var index = 0
            repeat {
                let end = min(index + columnsPerLine, text.count)
                output += text[index..<end] + [0x0A]
                index = end
            } while index < text.count
            // A body whose last line is full ends with an empty line.
            if text.count % columnsPerLine == 0 && !text.isEmpty { output.append(0x0A) }
        }
        return output + Array("---".utf8)
    }
}

/// Reads `\n`-terminated lines; a line without its `\n` is not a line.
struct LineReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next line without its `\n`, or `nil` at the end or before an unterminated line.
    mutating func next() -> ArraySlice<UInt8>? {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { return nil }
        let line = bytes[position..<end]
        position = end + 1
        return line
    }
}
