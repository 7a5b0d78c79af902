import Manifests

/// age's ASCII armor (C2SP age.md "ASCII armor"): strict PEM with the label
/// `AGE ENCRYPTED FILE`, padded canonical base64 in lines of exactly 64
/// columns but the last (1 to 64), LF or CRLF line ends, and whitespace
/// allowed only before and after the block.
enum AgeArmor {
    static let header = "-----BEGIN AGE ENCRYPTED FILE-----"
    static let footer = "-----END AGE ENCRYPTED FILE-----"

    static func encode(_ binary: [UInt8]) -> [UInt8] {
        let text = Array(Base64.encode(binary, padded: true).utf8)
        var output = Array((header + "\n").utf8)
        var index = 0
        while index < text.count {
            let end = min(index + AgeHeader.columnsPerLine, text.count)
            output += text[index..<end] + [0x0A]
            index = end
        }
        return output + Array((footer + "\n").utf8)
    }

    static func decode(_ armored: [UInt8]) throws -> [UInt8] {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C }
        guard let start = armored.firstIndex(where: { !isSpace($0) }) else {
            throw SecretsError(.armor, "not an age file: empty, or only whitespace")
        }
        var lines = armored[start...].split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
        guard lines.first.map({ Array($0) == Array(header.utf8) }) == true else {
            throw SecretsError(.armor, "not an age file: neither 'age-encryption.org/v1' nor '\(header)'")
        }
        lines.removeFirst()
        guard let footerIndex = lines.firstIndex(where: { Array($0) == Array(footer.utf8) }) else {
            throw SecretsError(.armor, "malformed age armor: no '\(footer)' line")
        }
        let trailing = lines[(footerIndex + 1)...].joined(separator: [0x0A])
        guard trailing.allSatisfy(isSpace) else {
            throw SecretsError(.armor, "malformed age armor: data after the end line")
        }
        let body = lines[..<footerIndex]
        var binary: [UInt8] = []
        for (offset, line) in body.enumerated() {
            let isLast = offset == body.count - 1
            guard !line.isEmpty, line.count <= AgeHeader.columnsPerLine, isLast || line.count == AgeHeader.columnsPerLine,
                  let bytes = Base64.decode(line, padded: true), isLast || bytes.count == AgeHeader.bytesPerLine
            else { throw SecretsError(.armor, "malformed age armor at line \(offset + 2): not 64 columns of canonical base64") }
            binary += bytes
        }
        return binary
    }
}
