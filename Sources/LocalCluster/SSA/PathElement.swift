import Manifests

/// One step of a managed-fields path, spelled as structured-merge-diff spells it in FieldsV1.
enum PathElement: Sendable, Hashable, Comparable {
    /// `f:<name>`: a struct field or map key.
    case field(String)
    /// `k:<json>`: an associative-list item, by its key fields as compact JSON with sorted keys.
    case key(String)
    /// `v:<json>`: a set-list item, by its value as JSON.
    case value(String)
    /// `i:<n>`: a list index (never produced here, kept when read).
    case index(Int)

    /// The FieldsV1 spelling (`f:spec`).
    var fieldsV1Key: String {
        switch self {
        case .field(let name): return "f:" + name
        case .key(let json): return "k:" + json
        case .value(let json): return "v:" + json
        case .index(let index): return "i:" + String(index)
        }
    }

    /// Reads a FieldsV1 key; `nil` for `.` and anything unknown.
    init?(fieldsV1Key text: String) {
        guard text.count >= 2 else { return nil }
        let body = String(text.dropFirst(2))
        switch text.prefix(2) {
        case "f:": self = .field(body)
        case "k:": self = .key(body)
        case "v:": self = .value(body)
        case "i:":
            guard let index = Int(body) else { return nil }
            self = .index(index)
        default: return nil
        }
    }

    /// How a conflict message prints this step (`.spec`, `[name="nginx"]`, `[=x]`, `[0]`).
    var conflictText: String {
        switch self {
        case .field(let name): return "." + name
        case .value(let json): return "[=" + json + "]"
        case .index(let index): return "[\(index)]"
        case .key(let json):
            guard let node = try? JSON.parse(json), let mapping = node.mapping else { return "[" + json + "]" }
            let parts = mapping.entries.sorted { $0.key.value < $1.key.value }.map { entry in
                entry.key.value + "=" + ((try? JSON.serialize(entry.value)) ?? "")
            }
            return "[" + parts.joined(separator: ",") + "]"
        }
    }

    static func < (lhs: PathElement, rhs: PathElement) -> Bool {
        lhs.fieldsV1Key < rhs.fieldsV1Key
    }
}

/// A path from the object root to one managed field.
typealias FieldPath = [PathElement]

extension Array where Element == PathElement {
    /// The conflict-message spelling of a path (`.spec.template.spec.containers[name="nginx"].image`).
    var conflictText: String { map(\.conflictText).joined() }
}
