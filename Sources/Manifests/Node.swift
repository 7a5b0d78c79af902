/// A YAML or JSON value as the renderer sees it: an ordered tree of mappings,
/// sequences and scalars, with the tag every scalar resolved to when it was read.
///
/// Aliases and merge keys are expanded when a document is parsed, so a `Node`
/// is always a plain tree. It is a value: copies share storage until one of
/// them is changed.
package enum Node: Sendable, Equatable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence([Node])
}

/// A scalar value: its text, the tag it resolves to and, when it was read
/// from YAML, whether its style made it a string (see `Style`).
///
/// Stored in 17 bytes (a string and a one-byte tag code) rather than a string
/// plus a `Tag` (whose custom case carries a string of its own): manifests
/// are trees of millions of scalars, and the smaller value cuts the memory of
/// a render by about a third. A custom tag, which is rare, is kept in front of
/// the value, separated by a NUL (which no tag may contain).
package struct Scalar: Sendable, Hashable {
    private var storage: String
    private var code: UInt8

    /// A scalar as an untagged plain scalar of this text reads: `1` an int,
    /// `true` a bool, `abc` a string (go-yaml v3's rules).
    package static func untagged(_ text: String) -> Scalar {
        Scalar(text, tag: ScalarResolver.resolvePlain(text))
    }

    package init(_ value: String, tag: Tag = .string) {
        code = Self.code(of: tag)
        if case .other(let name) = tag {
            storage = name + "\u{0}" + value
        } else {
            storage = value
        }
    }

    /// The scalar's text, after YAML unescaping (for a string, the string).
    package var value: String {
        get {
            guard code & Self.tagMask == Self.customCode else { return storage }
            guard let separator = storage.utf8.firstIndex(of: 0) else { return storage }
            return String(storage[storage.utf8.index(after: separator)...])
        }
        set {
            if code & Self.tagMask == Self.customCode, case .other(let name) = tag {
                storage = name + "\u{0}" + newValue
            } else {
                storage = newValue
            }
        }
    }

    /// Whether the scalar's text is `text`, compared in place: mapping lookups
    /// ask this of every key they pass.
    ///
    /// Texts of different lengths are told apart by their counts alone: String's
    /// `==` compares the bytes of any text longer than 15 bytes first.
    package func hasValue(_ text: String) -> Bool {
        if code & Self.tagMask == Self.customCode { return value == text }
        return storage.utf8.count == text.utf8.count && storage == text
    }

    /// The tag the scalar resolved to (explicitly, or by the YAML 1.2 core schema).
    package var tag: Tag {
        get {
            switch code & Self.tagMask {
            case 0: return .string
            case 1: return .int
            case 2: return .float
            case 3: return .bool
            case 4: return .null
            case 5: return .timestamp
            case 6: return .binary
            default:
                guard let separator = storage.utf8.firstIndex(of: 0) else { return .other("") }
                return .other(String(storage[..<separator]))
            }
        }
        set {
            let text = value
            code = Self.code(of: newValue)
            if case .other(let name) = newValue {
                storage = name + "\u{0}" + text
            } else {
                storage = text
            }
        }
    }

    static let customCode: UInt8 = 7
    /// The tag code is in the low bits; the style in the two above them.
    static let tagMask: UInt8 = 0x07
    static let styleMask: UInt8 = 0x18

    static func code(of tag: Tag) -> UInt8 {
        switch tag {
        case .string: return 0
        case .int: return 1
        case .float: return 2
        case .bool: return 3
        case .null: return 4
        case .timestamp: return 5
        case .binary: return 6
        case .other: return customCode
        }
    }

    /// True for a string scalar (cheaper than comparing `tag`).
    package var isString: Bool { code & Self.tagMask == 0 }

    /// How the scalar was written, as far as it decides what a value merged
    /// over it becomes: kustomize's strategic merge gives the patch's scalar
    /// the style of the one it replaces, so `5` over `"8080"` is written
    /// `"5"` and read back as a string.
    package enum Style: UInt8, Sendable {
        /// Not read from YAML (built, or read from JSON).
        case unknown = 0
        /// Plain, or with an explicit tag: a value merged over it keeps its own type.
        case plain = 0x08
        /// Quoted or a block scalar, without a tag: a value merged over it is a string.
        case quoted = 0x18
    }

    package var style: Style {
        get { Style(rawValue: code & Self.styleMask) ?? .unknown }
        set { code = code & Self.tagMask | newValue.rawValue }
    }

    /// The style is not part of the value.
    package static func == (a: Scalar, b: Scalar) -> Bool {
        a.storage == b.storage && a.code & tagMask == b.code & tagMask
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
        hasher.combine(code & Self.tagMask)
    }
}

/// The scalar tags that matter to Kubernetes manifests.
package enum Tag: Sendable, Hashable {
    case string
    case int
    case float
    case bool
    case null
    case timestamp
    case binary
    /// Any other tag, spelled as in the document (`!secret`, `tag:example.com,2024:x`).
    case other(String)
}

extension Tag {
    /// The tag as YAML writes it for short: `!!str`, `!!int`, ..., or a custom tag as is.
    package var shortName: String {
        switch self {
        case .string: return "!!str"
        case .int: return "!!int"
        case .float: return "!!float"
        case .bool: return "!!bool"
        case .null: return "!!null"
        case .timestamp: return "!!timestamp"
        case .binary: return "!!binary"
        case .other(let name): return name
        }
    }
}

/// An ordered mapping. Keys are scalars so that a non-string key can still be
/// reported where it is not allowed.
package struct Mapping: Sendable, Equatable {
    package struct Entry: Sendable, Equatable {
        package var key: Scalar
        package var value: Node

        package init(key: Scalar, value: Node) {
            self.key = key
            self.value = value
        }
    }

    package var entries: [Entry]

    package init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    package init(_ pairs: KeyValuePairs<String, Node>) {
        self.entries = pairs.map { Entry(key: Scalar($0.key), value: $0.value) }
    }

    package var isEmpty: Bool { entries.isEmpty }
    package var count: Int { entries.count }
    package var keys: [String] { entries.map(\.key.value) }

    /// The index of the entry whose key is `key`, if any.
    package func index(of key: String) -> Int? {
        // By index, not by element: iterating would copy every entry passed.
        for index in entries.indices where entries[index].key.hasValue(key) { return index }
        return nil
    }

    /// The value at `key`; setting `nil` removes the entry, setting a new key appends it.
    package subscript(key: String) -> Node? {
        get {
            index(of: key).map { entries[$0].value }
        }
        set {
            if let index = index(of: key) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(key: Scalar(key), value: newValue))
            }
        }
    }

    /// Removes the entry at `key` and returns its value.
    @discardableResult
    package mutating func removeValue(forKey key: String) -> Node? {
        guard let index = index(of: key) else { return nil }
        return entries.remove(at: index).value
    }
}

extension Node {
    /// A string scalar.
    package static func string(_ value: String) -> Node { .scalar(Scalar(value, tag: .string)) }
    /// An integer scalar.
    package static func int(_ value: Int) -> Node { .scalar(Scalar(String(value), tag: .int)) }
    /// A boolean scalar.
    package static func bool(_ value: Bool) -> Node { .scalar(Scalar(value ? "true" : "false", tag: .bool)) }
    /// The null scalar.
    package static var null: Node { .scalar(Scalar("null", tag: .null)) }
    /// An empty mapping.
    package static var emptyMapping: Node { .mapping(Mapping()) }

    /// The scalar, when this node is one.
    package var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    /// The mapping, when this node is one.
    package var mapping: Mapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    /// The items, when this node is a sequence.
    package var sequence: [Node]? {
        if case .sequence(let items) = self { return items }
        return nil
    }

    /// The text of a string scalar; `nil` for any other node (numbers included).
    package var string: String? {
        if case .scalar(let scalar) = self, scalar.isString { return scalar.value }
        return nil
    }

    /// The text of any scalar, whatever its tag; `nil` for null and collections.
    package var text: String? {
        if case .scalar(let scalar) = self, scalar.tag != .null { return scalar.value }
        return nil
    }

    /// True for the null scalar.
    package var isNull: Bool {
        if case .scalar(let scalar) = self { return scalar.tag == .null }
        return false
    }

    /// The value at `key` of a mapping; `nil` for other nodes. Setting on a
    /// non-mapping node replaces it with a mapping.
    package subscript(key: String) -> Node? {
        get {
            if case .mapping(let mapping) = self { return mapping[key] }
            return nil
        }
        set {
            var mapping = self.mapping ?? Mapping()
            self = .null  // drop the reference so the mapping below is uniquely owned
            mapping[key] = newValue
            self = .mapping(mapping)
        }
    }

    /// The value at a path of mapping keys.
    package subscript(path path: [String]) -> Node? {
        get {
            var node: Node? = self
            for key in path {
                node = node?[key]
                if node == nil { return nil }
            }
            return node
        }
        set {
            guard let first = path.first else {
                if let newValue { self = newValue }
                return
            }
            if path.count == 1 {
                self[first] = newValue
                return
            }
            var child = self[first] ?? .emptyMapping
            if newValue == nil, self[first] == nil { return }
            child[path: Array(path.dropFirst())] = newValue
            self[first] = child
        }
    }

    /// Changes this node in place through `body`, keeping its storage uniquely referenced.
    package mutating func modify<Result>(_ body: (inout Node) throws -> Result) rethrows -> Result {
        try body(&self)
    }

    /// Changes the mapping of this node in place; does nothing when it is not a mapping.
    package mutating func modifyMapping(_ body: (inout Mapping) throws -> Void) rethrows {
        guard case .mapping(var mapping) = self else { return }
        self = .null
        defer { self = .mapping(mapping) }
        try body(&mapping)
    }

    /// Changes the items of this node in place; does nothing when it is not a sequence.
    package mutating func modifySequence(_ body: (inout [Node]) throws -> Void) rethrows {
        guard case .sequence(var items) = self else { return }
        self = .null
        defer { self = .sequence(items) }
        try body(&items)
    }
}
