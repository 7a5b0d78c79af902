import Manifests

/// The key-value pairs of a `configMapGenerator` or `secretGenerator` entry,
/// read as kustomize's kv loader reads them: every `envs` file, then the
/// `literals`, then the `files`, each in order. Values are bytes because a
/// file may hold anything; kustomize's key validator accepts every key.
struct KeyValueLoader {
    let loader: Loader
    /// The kustomization file, for errors.
    let file: String

    struct Pair {
        var key: String
        var value: [UInt8]
    }

    /// The pairs of `args`, refusing a key that appears twice.
    func pairs(_ args: Kustomization.GeneratorArgs, field: String) throws -> [Pair] {
        var result: [Pair] = []
        for path in args.envs { result += try envFilePairs(path, field: field) }
        for literal in args.literals { result.append(try literalPair(literal, field: field)) }
        for source in args.files { result.append(try filePair(source, field: field)) }
        var seen = Set<String>()
        for pair in result where !seen.insert(pair.key).inserted {
            throw RenderError(.kustomization, file: file,
                              "\(field) '\(args.name)' illegally repeats the key `\(pair.key)`; keep one of them")
        }
        return result
    }

    /// A literal `key=value`: split at the first `=`, and one pair of matching
    /// quotes (`"` or `'`) around the value removed.
    func literalPair(_ source: String, field: String) throws -> Pair {
        let bytes = Array(source.utf8)
        guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")), equals != 0 else {
            throw RenderError(.kustomization, file: file,
                              "invalid literal source '\(source)' in '\(field)', expected key=value")
        }
        let key = String(decoding: bytes[..<equals], as: UTF8.self)
        var value = Array(bytes[(equals + 1)...])
        if let first = value.first, let last = value.last, value.count >= 2, first == last,
           first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            value = Array(value.dropFirst().dropLast())
        }
        return Pair(key: key, value: value)
    }

    /// A file source, `path` (the key is the file's base name) or `key=path`.
    func filePair(_ source: String, field: String) throws -> Pair {
        let separators = source.utf8.filter { $0 == UInt8(ascii: "=") }.count
        let key: String
        let path: String
        switch separators {
        case 0:
            key = Self.baseName(source)
            path = source
        case 1:
            let parts = source.utf8.split(separator: UInt8(ascii: "="), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            guard !parts[0].isEmpty else {
                throw RenderError(.kustomization, file: file, "missing key name for file path '\(parts[1])' in source '\(source)' of '\(field)'")
            }
            guard !parts[1].isEmpty else {
                throw RenderError(.kustomization, file: file, "missing file path for key name '\(parts[0])' in source '\(source)' of '\(field)'")
            }
            key = parts[0]
            path = parts[1]
        default:
            throw RenderError(.kustomization, file: file, "key names or file paths cannot contain '=' (source '\(source)' of '\(field)')")
        }
        return Pair(key: key, value: try loader.load(path))
    }

    /// Go's `path.Base`: the last element, trailing slashes ignored.
    static func baseName(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty { return "." }
        if trimmed == "/" { return "/" }
        if let slash = trimmed.lastIndex(of: "/") { return String(trimmed[trimmed.index(after: slash)...]) }
        return String(trimmed)
    }

    /// The pairs of an env file: one `KEY=value` a line (split at the first
    /// `=`; no `=` means an empty value), leading white space dropped,
    /// trailing white space and quotes kept, blank lines and `#` lines skipped.
    func envFilePairs(_ path: String, field: String) throws -> [Pair] {
        let bytes = try loader.load(path)
        var result: [Pair] = []
        for (number, rawLine) in Self.lines(bytes).enumerated() {
            var line = rawLine[...]
            // A byte order mark is dropped from the first line only.
            if number == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw RenderError(.kustomization, file: loader.display(path),
                                  "line \(number + 1) of env file '\(path)' in '\(field)' has invalid utf8 bytes")
            }
            // Go trims leading white space rune by rune (unicode.IsSpace).
            let scalars = text.unicodeScalars.drop(while: \.properties.isWhitespace)
            let trimmed = Array(String(String.UnicodeScalarView(scalars)).utf8)
            if trimmed.isEmpty || trimmed[0] == UInt8(ascii: "#") { continue }
            if let equals = trimmed.firstIndex(of: UInt8(ascii: "=")) {
                result.append(Pair(key: String(decoding: trimmed[..<equals], as: UTF8.self), value: Array(trimmed[(equals + 1)...])))
            } else {
                result.append(Pair(key: String(decoding: trimmed, as: UTF8.self), value: []))
            }
        }
        return result
    }

    /// The lines of a file as Go's `bufio.ScanLines` yields them: split at
    /// "\n", a "\r" before it dropped, no empty line after a final newline.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            var line = Array(bytes[start..<index])
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            result.append(line)
            start = index + 1
        }
        if start < bytes.count {
            var line = Array(bytes[start...])
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            result.append(line)
        }
        return result
    }
}
