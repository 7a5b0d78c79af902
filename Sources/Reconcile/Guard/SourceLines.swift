import Foundation
import Manifests

/// Where in a YAML file a finding is: the line of an object, or the line a parse
/// error names. The renderer keeps no positions, so an object is found again
/// by its `kind:` and `name:` lines within one document of the file.
enum SourceLines {
    /// The line (from 1) of `name: <name>` in the first document of `bytes`
    /// that also says `kind: <kind>`; that document's first line when the name
    /// is not written there (a generated or prefixed name); `nil` when no document says the kind.
    static func line(ofKind kind: String, name: String, in bytes: [UInt8]) -> Int? {
        Index(bytes).line(ofKind: kind, name: name)
    }

    /// The `kind:` and `name:` lines of every document of a file, read once for
    /// all the findings about it.
    struct Index {
        /// Per document: its first line, and the first line of each kind and name it writes.
        var documents: [(start: Int, kinds: [String: Int], names: [String: Int])] = []

        init(_ bytes: [UInt8]) {
            var current: (start: Int, kinds: [String: Int], names: [String: Int]) = (0, [:], [:])
            var number = 0
            var lineStart = 0
            while lineStart <= bytes.count {
                let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let line = bytes[lineStart..<lineEnd]
                if line.starts(with: "---".utf8) {
                    documents.append(current)
                    current = (number + 1, [:], [:])
                } else {
                    // Only `kind:` and `name:` lines become strings.
                    let trimmed = line.drop { $0 == UInt8(ascii: " ") }
                    if trimmed.starts(with: "kind:".utf8) || trimmed.starts(with: "name:".utf8) {
                        let text = Substring(String(decoding: trimmed, as: UTF8.self))
                        if let kind = SourceLines.value(of: "kind", in: text), current.kinds[kind] == nil { current.kinds[kind] = number + 1 }
                        if let name = SourceLines.value(of: "name", in: text), current.names[name] == nil { current.names[name] = number + 1 }
                    }
                }
                number += 1
                lineStart = lineEnd + 1
            }
            documents.append(current)
        }

        func line(ofKind kind: String, name: String) -> Int? {
            for document in documents where document.kinds[kind] != nil {
                return document.names[name] ?? document.start + 1
            }
            return nil
        }
    }

    /// The plain or quoted scalar of `key: value`, when `line` is that.
    static func value(of key: String, in line: Substring) -> String? {
        guard line.hasPrefix(key + ":") else { return nil }
        var value = line.dropFirst(key.count + 1).trimmingPrefix(while: { $0 == " " })
        if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
        var text = String(value).trimmingSuffix(while: { $0 == " " || $0 == "\r" })
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            text = String(text.dropFirst().dropLast())
        }
        return text
    }

    /// The line a YAML error message names (`... at line 3, column 5: ...`).
    static func line(inMessage message: String) -> Int? {
        guard let range = message.range(of: "at line ") else { return nil }
        return Int(message[range.upperBound...].prefix(while: { $0.isNumber }))
    }
}

extension String {
    /// The string without the trailing characters that satisfy `predicate`.
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var text = self
        while let last = text.last, predicate(last) { text.removeLast() }
        return text
    }
}
