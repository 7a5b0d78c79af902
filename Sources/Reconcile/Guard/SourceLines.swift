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
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var start = 0
        var index = 0
        while index <= lines.count {
            if index == lines.count || lines[index].hasPrefix("---") {
                if let found = find(kind: kind, name: name, in: lines, from: start, to: index) { return found }
                start = index + 1
            }
            index += 1
        }
        return nil
    }

    static func find(kind: String, name: String, in lines: [Substring], from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        var kindLine: Int?
        var nameLine: Int?
        for number in start..<end {
            let line = lines[number].trimmingPrefix(while: { $0 == " " })
            if kindLine == nil, value(of: "kind", in: line) == kind { kindLine = number + 1 }
            if nameLine == nil, value(of: "name", in: line) == name { nameLine = number + 1 }
        }
        guard kindLine != nil else { return nil }
        return nameLine ?? start + 1
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
