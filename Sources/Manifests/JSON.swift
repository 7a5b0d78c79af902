/// JSON text to and from `Node` trees.
///
/// Writing follows Go's `encoding/json` (what kustomize hashes and what the
/// Kubernetes API speaks): numbers in Go's format, `<`, `>` and `&` escaped
/// when asked, and mapping keys either in order or sorted byte-wise as Go
/// sorts map keys.
package enum JSON {
    /// How to write JSON.
    package struct Options: Sendable {
        /// Sort mapping keys byte-wise, as Go does for maps.
        package var sortKeys: Bool
        /// Escape `<`, `>` and `&` as `\u003c`..., as `json.Marshal` does.
        package var escapeHTML: Bool

        package init(sortKeys: Bool = false, escapeHTML: Bool = false) {
            self.sortKeys = sortKeys
            self.escapeHTML = escapeHTML
        }

        /// What Go's `json.Marshal` of a `map[string]interface{}` writes.
        package static let goMarshal = Options(sortKeys: true, escapeHTML: true)
    }

    /// Compact JSON text of `node`.
    package static func serialize(_ node: Node, options: Options = Options()) throws -> String {
        var output: [UInt8] = []
        try write(node, options: options, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the compact JSON text of `node` to `output`.
    package static func write(_ node: Node, options: Options, into output: inout [UInt8]) throws {
        switch node {
        case .scalar(let scalar):
            switch try scalar.jsonScalar() {
            case .string(let string): writeString(string, escapeHTML: options.escapeHTML, into: &output)
            case .number(let text): output.append(contentsOf: text.utf8)
            case .bool(let bool): output.append(contentsOf: (bool ? "true" : "false").utf8)
            case .null: output.append(contentsOf: "null".utf8)
            }
        case .sequence(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try write(item, options: options, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .mapping(let mapping):
            output.append(UInt8(ascii: "{"))
            var entries = mapping.entries
            if options.sortKeys {
                entries.sort { $0.key.value.utf8.lexicographicallyPrecedes($1.key.value.utf8) }
            }
            for (index, entry) in entries.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(entry.key.value, escapeHTML: options.escapeHTML, into: &output)
                output.append(UInt8(ascii: ":"))
                try write(entry.value, options: options, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal, escaped as Go escapes it.
    package static func writeString(_ string: String, escapeHTML: Bool, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var utf8 = string.utf8.makeIterator()
        var pending: [UInt8] = []
        while let byte = utf8.next() {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                           hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                if escapeHTML {
                    output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                               hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
                } else {
                    output.append(byte)
                }
            case 0xE2:
                // U+2028 and U+2029 are escaped so the JSON is also valid JavaScript.
                pending = [byte]
                if let second = utf8.next() { pending.append(second) }
                if let third = utf8.next() { pending.append(third) }
                if pending.count == 3, pending[1] == 0x80, pending[2] == 0xA8 || pending[2] == 0xA9 {
                    output.append(contentsOf: "\\u202".utf8)
                    output.append(pending[2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                } else {
                    output.append(contentsOf: pending)
                }
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The node `parse(serialize(node))` gives, built without the text: every
    /// scalar as its JSON value reads back (strings, numbers tagged `int` or
    /// `float` by their text, booleans, null), keys as strings, styles dropped.
    /// Throws where `serialize` or `parse` would: a scalar with no JSON form,
    /// or nesting deeper than a parse accepts.
    package static func roundTrip(_ node: Node) throws -> Node {
        try roundTrip(node, depth: 0)
    }

    private static func roundTrip(_ node: Node, depth: Int) throws -> Node {
        switch node {
        case .scalar(let scalar):
            switch try scalar.jsonScalar() {
            case .string(let string): return .string(string)
            case .number(let text):
                let isFloat = text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
                return .scalar(Scalar(text, tag: isFloat ? .float : .int))
            case .bool(let bool): return .bool(bool)
            case .null: return .null
            }
        case .sequence(let items):
            try checkNesting(depth)
            var result: [Node] = []
            result.reserveCapacity(items.count)
            for item in items { result.append(try roundTrip(item, depth: depth + 1)) }
            return .sequence(result)
        case .mapping(let mapping):
            try checkNesting(depth)
            var entries: [Mapping.Entry] = []
            entries.reserveCapacity(mapping.entries.count)
            for entry in mapping.entries {
                entries.append(Mapping.Entry(key: Scalar(entry.key.value), value: try roundTrip(entry.value, depth: depth + 1)))
            }
            return .mapping(Mapping(entries))
        }
    }

    private static func checkNesting(_ depth: Int) throws {
        guard depth < InputLimits.nestingDepth else {
            throw YAMLError(source: "<json>", line: 1, column: 1,
                            message: "objects and arrays nested more than \(InputLimits.nestingDepth) levels deep; "
                                + "git-ops reads at most \(InputLimits.nestingDepth) levels")
        }
    }

    /// Parses one JSON value.
    package static func parse(_ text: String, source: String = "<json>") throws -> Node {
        try text.withUTF8Bytes { buffer throws in try parse(buffer, source: source) }
    }

    /// Parses one JSON value from bytes.
    package static func parse(_ bytes: [UInt8], source: String = "<json>") throws -> Node {
        try bytes.withUnsafeBufferPointer { buffer throws in try parse(buffer, source: source) }
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, source: String) throws -> Node {
        var parser = JSONParser(bytes: buffer, source: source)
        parser.skipWhitespace()
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == buffer.count else { throw parser.error("unexpected data after the JSON value") }
        return node
    }
}

/// A recursive-descent JSON reader over a byte buffer.
private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let source: String
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, source: String) {
        self.bytes = bytes
        self.source = source
    }

    func error(_ message: String) -> YAMLError {
        var line = 1
        var column = 1
        for offset in 0..<min(index, bytes.count) {
            if bytes[offset] == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return YAMLError(source: source, line: line, column: column, message: message)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws -> Node {
        guard index < bytes.count else { throw error("unexpected end of JSON input") }
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < InputLimits.nestingDepth else {
                throw error("objects and arrays nested more than \(InputLimits.nestingDepth) levels deep; "
                            + "git-ops reads at most \(InputLimits.nestingDepth) levels")
            }
            return bytes[index] == UInt8(ascii: "{") ? try parseObject(depth: depth) : try parseArray(depth: depth)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            return try parseNumber()
        }
    }

    /// An object, at `depth` levels of nesting; `index` is at its `{`.
    mutating func parseObject(depth: Int) throws -> Node {
        index += 1
        var entries: [Mapping.Entry] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .mapping(Mapping(entries))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            entries.append(Mapping.Entry(key: Scalar(key), value: value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of JSON input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
            index += 1
            return .mapping(Mapping(entries))
        }
    }

    /// An array, at `depth` levels of nesting; `index` is at its `[`.
    mutating func parseArray(depth: Int) throws -> Node {
        index += 1
        var items: [Node] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .sequence(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of JSON input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
            index += 1
            return .sequence(items)
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("invalid literal") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    /// A number as RFC 8259 (and Go's decoder) takes it: no leading zeros,
    /// and at least one digit after a '.' and after an exponent's 'e'.
    mutating func parseNumber() throws -> Node {
        let start = index
        var isFloat = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let digits = skipDigits()
        guard digits > 0 else { throw error("invalid character in JSON value") }
        if digits > 1, bytes[integerStart] == UInt8(ascii: "0") { throw error("invalid number: leading zero") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            guard skipDigits() > 0 else { throw error("invalid number: no digit after the decimal point") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isFloat = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw error("invalid number: no digit in the exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        return .scalar(Scalar(text, tag: isFloat ? .float : .int))
    }

    /// Moves past decimal digits and returns how many there were.
    mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        return index - start
    }

    mutating func parseString() throws -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("invalid control character in string") }
            index += 1
        }
        var output = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: output, as: UTF8.self)
            }
            if byte < 0x20 { throw error("invalid control character in string") }
            if byte != UInt8(ascii: "\\") {
                output.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): output.append(0x22)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "/"): output.append(0x2F)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count,
                   bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    index += 2
                    let low = try parseHex4()
                    if (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        code = 0xFFFD
                    }
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                output.append(contentsOf: String(Character(scalar)).utf8)
            default:
                throw error("invalid escape in string")
            }
        }
        throw error("unterminated string")
    }

    mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("invalid unicode escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
            default: throw error("invalid unicode escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
