import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Manifests

/// RFC 6902 JSON patch: `add`, `remove`, `replace`, `move`, `copy` and `test` on JSON pointers.
enum JSONPatch {
    struct Failure: Error {
        var message: String
        /// A failed `test` is a 422, anything else a 500 as upstream reports it.
        var isTest: Bool
    }

    /// Upstream's `maxJSONPatchOperations`: a longer patch is a 413.
    static let maxOperations = 10_000
    /// How much `copy` operations may add to a document: the apiserver sets json-patch's
    /// `AccumulatedCopySizeLimit` to its request limit, 3 MiB. Copying a subtree into itself
    /// doubles it, so without a bound a short patch could grow an object exponentially.
    static let maxCopiedBytes = 3 * 1024 * 1024

    static func apply(_ operations: Node, to document: Node) throws -> Node {
        guard let items = operations.sequence else { throw Failure(message: "json patch must be a list of operations", isTest: false) }
        var document = document
        var copiedBytes = 0
        for operation in items {
            let op = operation["op"]?.string ?? ""
            let path = try pointer(operation["path"]?.string)
            switch op {
            case "add":
                try insert(operation["value"] ?? .null, at: path[...], in: &document, replace: false)
            case "replace":
                _ = try value(at: path[...], in: document)
                try insert(operation["value"] ?? .null, at: path[...], in: &document, replace: true)
            case "remove":
                try remove(at: path[...], in: &document)
            case "move", "copy":
                let from = try pointer(operation["from"]?.string)
                let moved = try value(at: from[...], in: document)
                if op == "copy" {
                    copiedBytes += ((try? JSON.serialize(moved)) ?? "").utf8.count
                    guard copiedBytes <= maxCopiedBytes else {
                        throw Failure(message: "Unable to complete the copy, the accumulated size increase of copy is \(copiedBytes), "
                                      + "exceeding the limit \(maxCopiedBytes)", isTest: false)
                    }
                }
                if op == "move" { try remove(at: from[...], in: &document) }
                try insert(moved, at: path[...], in: &document, replace: false)
            case "test":
                let actual = try? value(at: path[...], in: document)
                guard let actual, Validator.sameValue(actual, operation["value"] ?? .null) else {
                    throw Failure(message: "testing value \(operation["path"]?.string ?? "") failed", isTest: true)
                }
            default:
                throw Failure(message: "Unexpected kind: \(op)", isTest: false)
            }
        }
        return document
    }

    private static func pointer(_ text: String?) throws -> [String] {
        guard let text else { throw Failure(message: "missing path", isTest: false) }
        if text.isEmpty { return [] }
        return text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            String($0).replacing("~1", with: "/").replacing("~0", with: "~")
        }
    }

    private static func value(at path: ArraySlice<String>, in node: Node) throws -> Node {
        guard let first = path.first else { return node }
        switch node {
        case .mapping(let mapping):
            guard let child = mapping[first] else { throw missing(first) }
            return try value(at: path.dropFirst(), in: child)
        case .sequence(let items):
            guard let index = Int(first), items.indices.contains(index) else { throw missing(first) }
            return try value(at: path.dropFirst(), in: items[index])
        case .scalar:
            throw missing(first)
        }
    }

    private static func insert(_ value: Node, at path: ArraySlice<String>, in node: inout Node, replace: Bool) throws {
        guard let first = path.first else {
            node = value
            return
        }
        let rest = path.dropFirst()
        switch node {
        case .mapping(var mapping):
            if rest.isEmpty {
                mapping[first] = value
            } else {
                guard var child = mapping[first] else { throw missing(first) }
                try insert(value, at: rest, in: &child, replace: replace)
                mapping[first] = child
            }
            node = .mapping(mapping)
        case .sequence(var items):
            if rest.isEmpty {
                if first == "-" {
                    items.append(value)
                } else if let index = Int(first), index >= 0, index <= items.count {
                    if replace {
                        guard index < items.count else { throw missing(first) }
                        items[index] = value
                    } else {
                        items.insert(value, at: index)
                    }
                } else {
                    throw missing(first)
                }
            } else {
                guard let index = Int(first), items.indices.contains(index) else { throw missing(first) }
                try insert(value, at: rest, in: &items[index], replace: replace)
            }
            node = .sequence(items)
        case .scalar:
            throw missing(first)
        }
    }

    private static func remove(at path: ArraySlice<String>, in node: inout Node) throws {
        guard let first = path.first else { throw missing("") }
        let rest = path.dropFirst()
        switch node {
        case .mapping(var mapping):
            if rest.isEmpty {
                guard mapping.removeValue(forKey: first) != nil else { throw missing(first) }
            } else {
                guard var child = mapping[first] else { throw missing(first) }
                try remove(at: rest, in: &child)
                mapping[first] = child
            }
            node = .mapping(mapping)
        case .sequence(var items):
            guard let index = Int(first), items.indices.contains(index) else { throw missing(first) }
            if rest.isEmpty { items.remove(at: index) } else { try remove(at: rest, in: &items[index]) }
            node = .sequence(items)
        case .scalar:
            throw missing(first)
        }
    }

    private static func missing(_ key: String) -> Failure {
        Failure(message: "doc is missing path: \(key)", isTest: false)
    }
}
