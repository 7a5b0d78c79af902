import Manifests

/// The documents of a resource file as kustomize's reader finds them, which is
/// not quite YAML's stream syntax: Windows line ends become `\n`, the text is
/// cut at every line that starts with `---` (anything after the dashes must be
/// blank or a comment), and only the first document of each piece is read.
/// So a document after a `...` end marker, or a second JSON object, without a
/// `---` line between them is dropped, and a `%YAML` directive, cut off from
/// the document it announces, is an error.
enum ResourceDocuments {
    /// The documents of `bytes` (empty pieces left out), and how many pieces
    /// the file was cut into.
    static func parse(_ bytes: [UInt8], file: String) throws -> (documents: [Node], pieces: Int) {
        let text = withoutCarriageReturns(bytes)
        guard !text.isEmpty else { return ([], 1) }
        var pieces: [Range<Int>] = []
        var start = 0
        for separator in separators(in: text) {
            let rest = text[(separator.lowerBound + 4)..<(separator.upperBound - 1)]
            let trimmed = trimmingSpace(rest)
            if let first = trimmed.first, first != UInt8(ascii: "#") {
                throw RenderError(.syntax, file: file, "invalid document separator: ---\(String(decoding: rest, as: UTF8.self).trimmingSuffixSpace)")
            }
            pieces.append(start..<separator.lowerBound)
            start = separator.upperBound
        }
        pieces.append(start..<text.count)
        var documents: [Node] = []
        var line = 1
        var lineCounted = 0
        for (index, piece) in pieces.enumerated() {
            line += text[lineCounted..<piece.lowerBound].count { $0 == UInt8(ascii: "\n") }
            lineCounted = piece.lowerBound
            var chunk = Array(text[piece])
            // Cutting at a separator takes the line end before it with it; kustomize puts it back.
            if index != pieces.count - 1 { chunk.append(UInt8(ascii: "\n")) }
            do {
                if let document = try YAMLParser(source: file).parseFirstDocument(chunk) { documents.append(document) }
            } catch var error as YAMLError {
                if error.line > 0 { error.line += line - 1 }
                throw error
            }
        }
        return (documents, pieces.count)
    }

    /// Where kustomize cuts: each match of `\n---.*\n`, leftmost first, not overlapping.
    static func separators(in text: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let dash = UInt8(ascii: "-"), newline = UInt8(ascii: "\n")
        var index = 0
        while index + 3 < text.count {
            if text[index] == newline, text[index + 1] == dash, text[index + 2] == dash, text[index + 3] == dash,
               let end = text[(index + 4)...].firstIndex(of: newline) {
                result.append(index..<(end + 1))
                index = end + 1
            } else {
                index += 1
            }
        }
        return result
    }

    static func withoutCarriageReturns(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "\r")) else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { continue }
            result.append(byte)
        }
        return result
    }

    /// Go's `strings.TrimSpace` on ASCII text: drops blanks and line ends around it.
    static func trimmingSpace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return bytes[first...last]
    }
}

private extension String {
    var trimmingSuffixSpace: String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
