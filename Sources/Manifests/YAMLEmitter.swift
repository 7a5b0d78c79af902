/// Writes nodes as `kubectl kustomize` prints them: each value goes through
/// JSON (go-yaml v3 decoding, `encoding/json` number formatting), then is
/// printed by go-yaml v2 (keys in its natural order, its quoting rules, block
/// style, two-space indentation, long lines folded at 80 columns).
///
/// The layout logic follows the libyaml emitter that go-yaml v2 is a
/// translation of, restricted to what JSON values need: block mappings and
/// sequences, `{}` and `[]` for empty ones, and the four scalar styles.
package struct YAMLEmitter {
    /// The bytes written so far.
    package private(set) var output: [UInt8] = []
    /// Printing fails once the output passes this many bytes, so that values
    /// shared many times in memory (a patch or replacement copying one large
    /// value everywhere) cannot make a printout of unbounded size.
    package var limit = InputLimits.renderedBytes
    /// Keeps mapping keys in the order they were read instead of sorting
    /// them as JSON normalisation does: a file sops encrypted must keep its
    /// order, because its MAC covers the values in order.
    package var keepsKeyOrder = false

    private var column = 0
    private var indent = -1
    private var indents: [Int] = []
    private var whitespace = true
    private var indention = true

    static let bestIndent = 2
    static let bestWidth = 80

    package init() {}

    /// The YAML of one document, ending in a newline.
    package static func document(_ node: Node) throws -> String {
        var emitter = YAMLEmitter()
        try emitter.emitDocument(node)
        return String(decoding: emitter.output, as: UTF8.self)
    }

    /// The YAML of several documents joined by `---`, as kustomize prints a build.
    /// Large streams are printed on every core, in chunks joined in order.
    package static func stream(_ nodes: [Node]) throws -> String {
        String(decoding: try streamBytes(nodes), as: UTF8.self)
    }

    /// Documents separated by `---`, each with its mapping keys in the order they were read.
    package static func orderedStream(_ nodes: [Node]) throws -> [UInt8] {
        var output: [UInt8] = []
        for (index, node) in nodes.enumerated() {
            var emitter = YAMLEmitter()
            emitter.keepsKeyOrder = true
            try emitter.emitDocument(node)
            if index > 0 { output += Array("---\n".utf8) }
            output += emitter.output
        }
        return output
    }

    /// `stream` as UTF-8 bytes, without the copy into a `String`.
    package static func streamBytes(_ nodes: [Node]) throws -> [UInt8] {
        let chunks = try streamChunks(nodes)
        var output: [UInt8] = []
        output.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
        for chunk in chunks { output.append(contentsOf: chunk) }
        return output
    }

    /// `stream` as consecutive pieces of UTF-8, printed on every core; a caller
    /// that writes them out one by one never holds the whole text twice.
    /// Fails when the whole would pass `limit` bytes.
    package static func streamChunks(_ nodes: [Node], limit: Int = InputLimits.renderedBytes) throws -> [[UInt8]] {
        // Small pieces keep the cores evenly busy; each is still many kilobytes.
        let chunkSize = 64
        let chunks = (nodes.count + chunkSize - 1) / chunkSize
        let printed = ConcurrentMap.map(count: chunks) { chunk -> Result<[UInt8], EmitError> in
            var emitter = YAMLEmitter()
            emitter.limit = limit
            let range = chunk * chunkSize..<min(nodes.count, (chunk + 1) * chunkSize)
            for index in range {
                if index > 0 { emitter.output.append(contentsOf: "---\n".utf8) }
                do {
                    try emitter.emitDocument(nodes[index])
                } catch var error as EmitError {
                    error.document = index
                    return .failure(error)
                } catch {
                    return .failure(EmitError(path: [], message: "\(error)", document: index))
                }
            }
            return .success(emitter.output)
        }
        let result = try printed.map { try $0.get() }
        guard result.reduce(0, { $0 + $1.count }) <= limit else { throw EmitError.tooLarge(limit) }
        return result
    }

    /// Appends one document.
    package mutating func emitDocument(_ node: Node) throws {
        column = 0
        indent = -1
        indents.removeAll(keepingCapacity: true)
        whitespace = true
        indention = true
        try emitNode(node, mappingContext: false)
        writeIndent()
    }

    // MARK: - Nodes

    private mutating func emitNode(_ node: Node, mappingContext: Bool) throws {
        guard output.count <= limit else { throw EmitError.tooLarge(limit) }
        switch node {
        case .scalar(let scalar):
            if scalar.isString {
                var text = scalar.value
                let simple = Self.isSimplePlain(text)
                if !simple { text = try Self.readBack(text) }
                emitScalar(text, style: Self.stringStyle(text, simplePlain: simple), simpleKey: false, simplePlain: simple)
                return
            }
            let json: JSONScalar
            do {
                json = try scalar.jsonScalar()
            } catch {
                throw EmitError(path: [], message: "\(error)")
            }
            var (text, isString) = json.yamlText
            if isString { text = try Self.readBack(text) }
            emitScalar(text, style: isString ? Self.stringStyle(text) : .plain, simpleKey: false)
        case .sequence(let items):
            if items.isEmpty {
                writeIndicator("[", needWhitespace: true, isWhitespace: true, isIndention: false)
                writeIndicator("]", needWhitespace: false, isWhitespace: false, isIndention: false)
                return
            }
            increaseIndent(flow: false, indentless: mappingContext && !indention)
            for index in items.indices {
                writeIndent()
                writeIndicator("-", needWhitespace: true, isWhitespace: false, isIndention: true)
                do {
                    try emitNode(items[index], mappingContext: false)
                } catch var error as EmitError {
                    // The path is built only on the way out of a failure.
                    error.path.insert("[\(index)]", at: 0)
                    throw error
                }
            }
            indent = indents.removeLast()
        case .mapping(let mapping):
            if mapping.isEmpty {
                writeIndicator("{", needWhitespace: true, isWhitespace: true, isIndention: false)
                writeIndicator("}", needWhitespace: false, isWhitespace: false, isIndention: false)
                return
            }
            // Entries are read in place, by index: iterating would copy each one.
            let entries = mapping.entries
            for index in entries.indices where !Self.isStringKey(entries[index].key) {
                throw EmitError(path: [], message: "mapping key \(entries[index].key.value) is not a string (json: unsupported type: map[interface {}]interface {}); quote the key")
            }
            increaseIndent(flow: false, indentless: false)
            let order = keepsKeyOrder ? nil : Self.keyOrder(entries)
            for position in entries.indices {
                let index = order?[position] ?? position
                var key = entries[index].key.value
                // Nearly every key is a short plain word: one scan of its bytes settles it.
                let simple = Self.isSimplePlain(key)
                if !simple { key = try Self.readBack(key) }
                writeIndent()
                let keyStyle = Self.stringStyle(key, simplePlain: simple)
                if simple ? key.utf8.count <= 128 : Self.isSimpleKey(key) {
                    emitScalar(key, style: keyStyle, simpleKey: true, simplePlain: simple)
                    writeIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false)
                } else {
                    writeIndicator("?", needWhitespace: true, isWhitespace: false, isIndention: true)
                    emitScalar(key, style: keyStyle, simpleKey: false)
                    writeIndent()
                    writeIndicator(":", needWhitespace: true, isWhitespace: false, isIndention: true)
                }
                do {
                    try emitNode(entries[index].value, mappingContext: true)
                } catch var error as EmitError {
                    error.path.insert(key, at: 0)
                    throw error
                }
            }
            indent = indents.removeLast()
        }
    }

    static func isStringKey(_ key: Scalar) -> Bool {
        switch key.tag {
        case .string, .binary, .other: return true
        default: return false
        }
    }

    /// The order go-yaml v2 writes `entries` in: `nil` when they are in it
    /// already, else their indices sorted by key, equal keys in their own order.
    static func keyOrder(_ entries: [Mapping.Entry]) -> [Int]? {
        if entries.count < 2 { return nil }
        var ordered = true
        for index in 1..<entries.count where !KeyOrder.less(entries[index - 1].key.value, entries[index].key.value) {
            ordered = false
            break
        }
        if ordered { return nil }
        let keys = entries.map(\.key.value)
        return entries.indices.sorted { a, b in
            if KeyOrder.less(keys[a], keys[b]) { return true }
            if KeyOrder.less(keys[b], keys[a]) { return false }
            return a < b
        }
    }

    /// A key longer than 128 bytes, or one spanning lines, is written as `? key`.
    static func isSimpleKey(_ key: String) -> Bool {
        key.utf8.count <= 128 && !ScalarAnalysis(key).multiline
    }

    // MARK: - Scalars

    enum Style {
        case plain, singleQuoted, doubleQuoted, literal
    }

    /// The style go-yaml v2 asks for a string: literal when it spans lines,
    /// double-quoted when it would read back as another type, plain otherwise.
    static func stringStyle(_ text: String) -> Style {
        stringStyle(text, simplePlain: isSimplePlain(text))
    }

    /// `stringStyle`, where `simplePlain` is `isSimplePlain(text)`.
    static func stringStyle(_ text: String, simplePlain: Bool) -> Style {
        if simplePlain { return ScalarResolver.needsQuotingV2(text) ? .doubleQuoted : .plain }
        if text.utf8.contains(UInt8(ascii: "\n")) { return .literal }
        if ScalarResolver.needsQuotingV2(text) { return .doubleQuoted }
        return .plain
    }

    private mutating func emitScalar(_ text: String, style requested: Style, simpleKey: Bool, simplePlain: Bool? = nil) {
        if requested == .plain, simplePlain ?? Self.isSimplePlain(text) {
            // The common case (names, images, keys): printable ASCII with no spaces
            // and no indicator, which every style rule leaves plain and unbroken.
            if !whitespace {
                output.append(UInt8(ascii: " "))
                column += 1
            }
            output.append(contentsOf: text.utf8)
            column += text.utf8.count
            whitespace = false
            indention = false
            return
        }
        let analysis = ScalarAnalysis(text)
        var style = requested
        if simpleKey && analysis.multiline { style = .doubleQuoted }
        if style == .plain {
            if !analysis.blockPlainAllowed || (text.isEmpty && simpleKey) { style = .singleQuoted }
        }
        if style == .singleQuoted, !analysis.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal, !analysis.blockAllowed || simpleKey { style = .doubleQuoted }

        increaseIndent(flow: true, indentless: false)
        switch style {
        case .plain: writePlain(text, allowBreaks: !simpleKey)
        case .singleQuoted: writeSingleQuoted(text, allowBreaks: !simpleKey)
        case .doubleQuoted: writeDoubleQuoted(text, allowBreaks: !simpleKey)
        case .literal: writeLiteral(text)
        }
        indent = indents.removeLast()
    }

    /// True for a non-empty string of letters, digits and `-._/+=:` that does not
    /// start with an indicator (`-` alone, `---`, `...`) and does not end in `:`.
    static func isSimplePlain(_ text: String) -> Bool {
        return text.withUTF8Bytes { bytes in
            guard let first = bytes.first, let last = bytes.last, last != UInt8(ascii: ":") else { return false }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                     UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: ":"):
                    continue
                default:
                    return false
                }
            }
            if first == UInt8(ascii: ":") { return false }
            if first == UInt8(ascii: "-") && (bytes.count == 1 || Self.starts(bytes, with: "---")) { return false }
            if first == UInt8(ascii: ".") && Self.starts(bytes, with: "...") { return false }
            return true
        }
    }

    /// A string as kustomize prints it: it goes through JSON, which go-yaml v2
    /// reads back before printing. JSON leaves some characters unescaped that
    /// go-yaml v2 refuses (DEL, the C1 controls other than NEL, U+FFFE and
    /// U+FFFF): the build fails. A raw NEL (U+0085) reads as a line break in
    /// a quoted string and is folded like one: with the spaces around it, one
    /// becomes a space and a run of n becomes n - 1 newlines.
    static func readBack(_ text: String) throws -> String {
        let hasNextLine = try text.withUTF8Bytes { bytes -> Bool in
            var found = false
            for index in bytes.indices {
                switch bytes[index] {
                case 0x7F:
                    throw EmitError(path: [], message: "yaml: control characters are not allowed")
                case 0xC2 where index + 1 < bytes.count:
                    // U+0080...U+009F: only U+0085 (NEL) is allowed.
                    let next = bytes[index + 1]
                    if next == 0x85 {
                        found = true
                    } else if next <= 0x9F {
                        throw EmitError(path: [], message: "yaml: control characters are not allowed")
                    }
                case 0xEF where index + 2 < bytes.count:
                    if bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE {
                        throw EmitError(path: [], message: "yaml: control characters are not allowed")
                    }
                default:
                    continue
                }
            }
            return found
        }
        return hasNextLine ? foldingNextLines(text) : text
    }

    /// Folds each run of spaces and NELs holding n NELs into a space (n = 1)
    /// or n - 1 newlines, as go-yaml v2 folds line breaks in a quoted scalar.
    static func foldingNextLines(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        var spaces = 0
        var breaks = 0
        func flush() {
            switch breaks {
            case 0: folded.append(contentsOf: repeatElement(" ", count: spaces))
            case 1: folded.append(" ")
            default: folded.append(contentsOf: repeatElement("\n", count: breaks - 1))
            }
            spaces = 0
            breaks = 0
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ": spaces += 1
            case "\u{85}": breaks += 1
            default:
                flush()
                folded.append(scalar)
            }
        }
        flush()
        return String(folded)
    }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, with prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { prefix in zip(bytes, prefix).allSatisfy { $0 == $1 } }
    }

    // MARK: - Writer primitives (libyaml's emitter)

    private mutating func increaseIndent(flow: Bool, indentless: Bool) {
        indents.append(indent)
        if indent < 0 {
            indent = flow ? Self.bestIndent : 0
        } else if !indentless {
            indent += Self.bestIndent
        }
    }

    private mutating func putBreak() {
        output.append(UInt8(ascii: "\n"))
        column = 0
    }

    private mutating func writeIndent() {
        let target = max(indent, 0)
        if !indention || column > target || (column == target && !whitespace) {
            putBreak()
        }
        while column < target {
            output.append(UInt8(ascii: " "))
            column += 1
        }
        whitespace = true
        indention = true
    }

    private mutating func writeIndicator(_ indicator: String, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace {
            output.append(UInt8(ascii: " "))
            column += 1
        }
        output.append(contentsOf: indicator.utf8)
        column += indicator.utf8.count
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    /// Writes one character (a UTF-8 sequence) and counts it as one column.
    private mutating func write(_ character: ArraySlice<UInt8>) {
        output.append(contentsOf: character)
        column += 1
    }

    private mutating func writePlain(_ text: String, allowBreaks: Bool) {
        if !whitespace {
            output.append(UInt8(ascii: " "))
            column += 1
        }
        let characters = UTF8Characters(text)
        var spaces = false
        var breaks = false
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isSpace {
                if allowBreaks && !spaces && column > Self.bestWidth && !characters.isSpace(at: index + 1) {
                    writeIndent()
                } else {
                    write(character.bytes)
                }
                spaces = true
            } else if character.isBreak {
                if !breaks && character.first == UInt8(ascii: "\n") { putBreak() }
                writeBreak(character)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                write(character.bytes)
                indention = false
                spaces = false
                breaks = false
            }
            index += 1
        }
        whitespace = false
        indention = false
    }

    private mutating func writeSingleQuoted(_ text: String, allowBreaks: Bool) {
        writeIndicator("'", needWhitespace: true, isWhitespace: false, isIndention: false)
        let characters = UTF8Characters(text)
        var spaces = false
        var breaks = false
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isSpace {
                if allowBreaks && !spaces && column > Self.bestWidth && index != 0 && index != characters.count - 1
                    && !characters.isSpace(at: index + 1) {
                    writeIndent()
                } else {
                    write(character.bytes)
                }
                spaces = true
            } else if character.isBreak {
                if !breaks && character.first == UInt8(ascii: "\n") { putBreak() }
                writeBreak(character)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                if character.first == UInt8(ascii: "'") {
                    output.append(UInt8(ascii: "'"))
                    column += 1
                }
                write(character.bytes)
                indention = false
                spaces = false
                breaks = false
            }
            index += 1
        }
        if breaks { writeIndent() }
        writeIndicator("'", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeDoubleQuoted(_ text: String, allowBreaks: Bool) {
        writeIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false)
        let characters = UTF8Characters(text)
        // kustomize's writer tests for a byte order mark at the start of the
        // scalar instead of at each character, so a scalar that begins with
        // one has every character escaped.
        let escapesEverything = text.utf8.starts(with: [0xEF, 0xBB, 0xBF])
        var spaces = false
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let value = character.scalarValue
            if escapesEverything || !character.isPrintable || value == 0xFEFF || character.isBreak
                || value == 0x22 || value == 0x5C {
                output.append(UInt8(ascii: "\\"))
                column += 1
                let escape: String
                switch value {
                case 0x00: escape = "0"
                case 0x07: escape = "a"
                case 0x08: escape = "b"
                case 0x09: escape = "t"
                case 0x0A: escape = "n"
                case 0x0B: escape = "v"
                case 0x0C: escape = "f"
                case 0x0D: escape = "r"
                case 0x1B: escape = "e"
                case 0x22: escape = "\""
                case 0x5C: escape = "\\"
                case 0x85: escape = "N"
                case 0xA0: escape = "_"
                case 0x2028: escape = "L"
                case 0x2029: escape = "P"
                default:
                    let (prefix, width) = value <= 0xFF ? ("x", 2) : value <= 0xFFFF ? ("u", 4) : ("U", 8)
                    let hex = String(value, radix: 16, uppercase: true)
                    escape = prefix + String(repeating: "0", count: max(0, width - hex.count)) + hex
                }
                output.append(contentsOf: escape.utf8)
                column += escape.utf8.count
                spaces = false
            } else if character.isSpace {
                if allowBreaks && !spaces && column > Self.bestWidth && index != 0 && index != characters.count - 1 {
                    writeIndent()
                    if characters.isSpace(at: index + 1) {
                        output.append(UInt8(ascii: "\\"))
                        column += 1
                    }
                } else {
                    write(character.bytes)
                }
                spaces = true
            } else {
                write(character.bytes)
                spaces = false
            }
            index += 1
        }
        writeIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeLiteral(_ text: String) {
        writeIndicator("|", needWhitespace: true, isWhitespace: false, isIndention: false)
        let characters = UTF8Characters(text)
        // Block scalar hints: an indentation indicator when the text starts with
        // a space or a break, and the chomping indicator.
        if let first = characters.first, first.isSpace || first.isBreak {
            writeIndicator(String(Self.bestIndent), needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        if characters.count == 0 {
            writeIndicator("-", needWhitespace: false, isWhitespace: false, isIndention: false)
        } else if !characters[characters.count - 1].isBreak {
            writeIndicator("-", needWhitespace: false, isWhitespace: false, isIndention: false)
        } else if characters.count == 1 || characters[characters.count - 2].isBreak {
            writeIndicator("+", needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isBreak {
                writeBreak(character)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                write(character.bytes)
                indention = false
                breaks = false
            }
            index += 1
        }
    }

    private mutating func writeBreak(_ character: UTF8Characters.Character) {
        if character.first == UInt8(ascii: "\n") {
            putBreak()
        } else {
            output.append(contentsOf: character.bytes)
            column = 0
        }
    }
}

/// A value that cannot be printed, with the path of keys leading to it.
package struct EmitError: Error, Sendable, Equatable, CustomStringConvertible {
    package var path: [String]
    package var message: String
    /// The index of the document in a stream, when the error comes from one.
    package var document: Int?

    package init(path: [String], message: String, document: Int? = nil) {
        self.path = path
        self.message = message
        self.document = document
    }

    package var description: String {
        path.isEmpty ? message : "at \(path.joined(separator: ".")): \(message)"
    }

    /// The error for a printout that passes `limit` bytes.
    static func tooLarge(_ limit: Int) -> EmitError {
        EmitError(path: [], message: "the printed YAML would be larger than \(InputLimits.describe(limit)), the most git-ops prints")
    }
}
