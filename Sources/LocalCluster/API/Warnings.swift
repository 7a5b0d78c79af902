import Manifests
import Synchronization

/// Warnings for the response to the request being handled, which upstream sends as
/// `Warning: 299 - "text"` headers and kubectl prints as `Warning: text` (unknown and
/// duplicate fields under `fieldValidation=Warn`, deprecations). A task-local collector lets
/// any step of a request add one without every signature carrying it; work outside a request
/// (the controllers) has no collector and its warnings go nowhere, as upstream's do.
final class WarningCollector: Sendable {
    private let messages = Mutex<[String]>([])

    @TaskLocal static var current: WarningCollector?

    /// Records `text` for the current request, once (upstream deduplicates warnings too).
    static func add(_ text: String) {
        current?.messages.withLock { messages in
            if !messages.contains(text) { messages.append(text) }
        }
    }

    /// The `Warning` headers, as upstream's recorder (`filters/warning.go`) writes them: a text
    /// with a control character is dropped (`NewWarningHeader` refuses it), and once the texts
    /// pass 4096 characters each is cut to 256 and no more are added past 4096.
    var headers: [(name: String, value: String)] {
        Self.recorded(messages.withLock { $0 }).map { ("Warning", "299 - " + Self.quoted($0)) }
    }

    static let totalCharacters = 4 * 1024
    static let itemCharacters = 256

    /// Replays upstream's `AddWarning` over `messages`, in order; lengths count runes, as Go's do.
    static func recorded(_ messages: [String]) -> [String] {
        var written = 0
        var truncating = false
        var kept: [String] = []
        func cut(_ text: String) -> String {
            text.unicodeScalars.count > itemCharacters
                ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(itemCharacters))) : text
        }
        for (index, message) in messages.enumerated() {
            if truncating && written >= totalCharacters { continue }
            let text = truncating ? cut(message) : message
            guard isValid(text) else { continue }
            if written + text.unicodeScalars.count <= totalCharacters || truncating {
                written += text.unicodeScalars.count
                kept.append(text)
                continue
            }
            truncating = true
            kept = messages[...index].map(cut).filter(isValid)
            written = kept.reduce(0) { $0 + $1.unicodeScalars.count }
        }
        return kept
    }

    /// `NewWarningHeader`'s rule for a text: no control character (Go's `unicode.IsControl`: C0, DEL, C1).
    static func isValid(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    /// RFC 7234 warn-text: a quoted string with `"` and `\` escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }
}

/// A decoded body whose mappings named a key twice keeps the last value, as Go's decoder does,
/// and names each repeated key: strict decoding's `duplicate field "replicas"`.
enum DuplicateFields {
    static func collapse(_ node: Node) -> (node: Node, duplicates: [String]) {
        var duplicates: [String] = []
        let collapsed = collapse(node, into: &duplicates)
        return (collapsed, duplicates)
    }

    private static func collapse(_ node: Node, into duplicates: inout [String]) -> Node {
        switch node {
        case .mapping(let mapping):
            var entries: [Mapping.Entry] = []
            var positions: [String: Int] = [:]
            for entry in mapping.entries {
                let value = collapse(entry.value, into: &duplicates)
                if let position = positions[entry.key.value] {
                    if !duplicates.contains(entry.key.value) { duplicates.append(entry.key.value) }
                    entries[position].value = value
                } else {
                    positions[entry.key.value] = entries.count
                    entries.append(Mapping.Entry(key: entry.key, value: value))
                }
            }
            return .mapping(Mapping(entries))
        case .sequence(let items):
            return .sequence(items.map { collapse($0, into: &duplicates) })
        default:
            return node
        }
    }
}
