import Foundation
import Manifests

/// sops's dotenv store (`sops:stores/dotenv/store.go`): `KEY=VALUE` lines,
/// `#` comments, values with `\n` escaped; the metadata flattened into
/// `sops_...` keys (`sops:stores/flatten.go`: `__` between levels, `list_<i>`
/// and `map_<key>` for their components).
package enum Dotenv {
    /// The entries as a mapping of strings, and the unflattened `sops` metadata if any.
    static func parse(_ bytes: [UInt8]) throws -> (entries: Node, metadata: Node?) {
        var entries = Mapping()
        var metadata = Node.mapping(Mapping())
        var sawMetadata = false
        for (number, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let text = String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
            if text.trimmingWhitespace().isEmpty || text.hasPrefix("#") { continue }
            guard let equals = text.firstIndex(of: "=") else {
                throw SecretsError(.format, "line \(number + 1) is neither 'KEY=VALUE' nor a comment")
            }
            let key = String(text[..<equals])
            let value = String(text[text.index(after: equals)...]).replacingEscapedNewlines()
            if key.hasPrefix("sops_") {
                sawMetadata = true
                try insert(value, at: flattenedPath(String(key.dropFirst(5))), into: &metadata)
            } else {
                entries.entries.append(Mapping.Entry(key: Scalar(key), value: .scalar(Scalar(value))))
            }
        }
        return (.mapping(entries), sawMetadata ? metadata : nil)
    }

    /// The plaintext entries of a dotenv file (one without `sops_` keys), for encrypting.
    package static func entries(_ bytes: [UInt8]) throws -> Node {
        let (entries, metadata) = try parse(bytes)
        guard metadata == nil else { throw SecretsError(.format, "the file is already encrypted with sops") }
        return entries
    }

    /// `entries` (a mapping of strings) and the `sops` metadata as dotenv
    /// lines, the metadata flattened as sops flattens it, newlines as `\n`.
    static func emit(_ entries: Node, metadata: Node) -> [UInt8] {
        var lines: [String] = []
        func escaped(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\\n") }
        for entry in entries.mapping?.entries ?? [] {
            lines.append("\(entry.key.value)=\(escaped(entry.value.scalarText ?? ""))")
        }
        func flatten(_ node: Node, _ key: String) {
            switch node {
            case .mapping(let map):
                for entry in map.entries { flatten(entry.value, key + "__map_" + entry.key.value) }
            case .sequence(let items):
                for (index, item) in items.enumerated() { flatten(item, key + "__list_\(index)") }
            case .scalar(let scalar):
                lines.append("\(key)=\(escaped(scalar.value))")
            }
        }
        for entry in metadata.mapping?.entries ?? [] {
            switch entry.value {
            case .scalar(let scalar): lines.append("sops_\(entry.key.value)=\(escaped(scalar.value))")
            default: flatten(entry.value, "sops_" + entry.key.value)
            }
        }
        return Array(lines.map { $0 + "\n" }.joined().utf8)
    }

    private enum Component {
        case key(String)
        case index(Int)
    }

    private static func flattenedPath(_ key: String) throws -> [Component] {
        let parts = key.components(separatedBy: "__")
        var path: [Component] = [.key(parts[0])]
        for part in parts.dropFirst() {
            if part.hasPrefix("list_"), let index = Int(part.dropFirst(5)) {
                path.append(.index(index))
            } else if part.hasPrefix("map_") {
                path.append(.key(String(part.dropFirst(4))))
            } else {
                throw SecretsError(.format, "malformed flattened sops key 'sops_\(key)'")
            }
        }
        return path
    }

    private static func insert(_ value: String, at path: [Component], into node: inout Node) throws {
        guard let first = path.first else {
            node = .scalar(Scalar(value))
            return
        }
        let rest = Array(path.dropFirst())
        let fresh: Node = rest.first.map { if case .index = $0 { return .sequence([]) } else { return .mapping(Mapping()) } }
            ?? .scalar(Scalar(""))
        switch (first, node) {
        case (.key(let key), .mapping(var map)):
            var child = map[key] ?? fresh
            try insert(value, at: rest, into: &child)
            map[key] = child
            node = .mapping(map)
        case (.index(let index), .sequence(var items)):
            guard index <= items.count else { throw SecretsError(.format, "flattened sops list index \(index) out of order") }
            if index == items.count { items.append(fresh) }
            try insert(value, at: rest, into: &items[index])
            node = .sequence(items)
        default:
            throw SecretsError(.format, "flattened sops keys disagree on the shape of the metadata")
        }
    }
}

extension String {
    func replacingEscapedNewlines() -> String {
        guard contains("\\n") else { return self }
        return components(separatedBy: "\\n").joined(separator: "\n")
    }
}
