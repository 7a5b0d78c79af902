import CYAML

/// Parses YAML streams with libyaml into `Node` trees.
///
/// Scalars resolve as go-yaml v3 resolves them (what kustomize reads with):
/// YAML 1.2 core booleans and nulls, integers in any base (also `0777` octal
/// and `1_000`), floats, and timestamps. Anchors, aliases and `<<` merge keys
/// are expanded; an alias graph that would expand past a budget measured in
/// bytes is rejected, so a "billion laughs" document cannot exhaust memory,
/// and collections nested deeper than `InputLimits.nestingDepth` are refused
/// as soon as the reader reaches them (see `InputLimits`).
package struct YAMLParser {
    /// The name used in error messages.
    package var source: String
    /// Resolve plain scalars by YAML 1.1 (go-yaml v2: `yes`, `on`, `off` are booleans),
    /// as kustomize does when it reads a kustomization file.
    package var yaml11: Bool
    /// Let a repeated mapping key replace the earlier one instead of failing, as
    /// kustomize's own reading of a kustomization file does.
    package var lastKeyWins: Bool

    package init(source: String, yaml11: Bool = false, lastKeyWins: Bool = false) {
        self.source = source
        self.yaml11 = yaml11
        self.lastKeyWins = lastKeyWins
    }

    /// Parses every document of `text`. Empty documents come back as null nodes.
    package func parse(_ text: String) throws -> [Node] {
        try text.withUTF8Bytes { buffer throws in try parse(buffer) }
    }

    /// Parses every document of `bytes`. Empty documents come back as null nodes.
    package func parse(_ bytes: [UInt8]) throws -> [Node] {
        try bytes.withUnsafeBufferPointer { buffer throws in try parse(buffer) }
    }

    /// Parses every document of a UTF-8 buffer that stays alive during the call.
    package func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws -> [Node] {
        try parse(buffer, firstOnly: false)
    }

    /// Parses the first document of `bytes` and stops there, as one `Decode`
    /// call of go-yaml's decoder does: what follows that document is not read
    /// beyond the token that ends it. `nil` when there is no document.
    package func parseFirstDocument(_ bytes: [UInt8]) throws -> Node? {
        try bytes.withUnsafeBufferPointer { buffer throws in try parse(buffer, firstOnly: true).first }
    }

    private func parse(_ buffer: UnsafeBufferPointer<UInt8>, firstOnly: Bool) throws -> [Node] {
        let handle = ParserHandle()
        if let base = buffer.baseAddress {
            yaml_parser_set_input_string(handle.parser, base, buffer.count)
        } else {
            var empty: UInt8 = 0
            // libyaml only reads `size` bytes, so a zero-length input never touches the pointer
            // after this call returns.
            withUnsafePointer(to: &empty) { yaml_parser_set_input_string(handle.parser, $0, 0) }
        }
        var builder = TreeBuilder(source: source, yaml11: yaml11, lastKeyWins: lastKeyWins, inputBytes: buffer.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(handle.parser, &event) == 1 else {
                throw handle.error(source: source)
            }
            defer { yaml_event_delete(&event) }
            let type = event.type
            if type == YAML_STREAM_END_EVENT { break }
            try builder.handle(&event)
            if firstOnly && type == YAML_DOCUMENT_END_EVENT { break }
        }
        return builder.documents
    }
}

/// Owns one heap-allocated libyaml parser; libyaml keeps pointers into it, so it must not move.
private final class ParserHandle {
    let parser: UnsafeMutablePointer<yaml_parser_t>

    init() {
        parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        yaml_parser_initialize(parser)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    func error(source: String) -> YAMLError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.pointee.context.map { String(cString: $0) }
        let mark = parser.pointee.problem_mark
        let message = context.map { "\(problem) \($0)" } ?? problem
        return YAMLError(source: source, line: mark.line + 1, column: mark.column + 1, message: message)
    }
}

/// Turns the event stream into trees, one document at a time.
private struct TreeBuilder {
    /// A collection being read. A class, so that adding a child changes it in
    /// place instead of moving its arrays out of and back into the stack.
    final class Frame {
        let isMapping: Bool
        /// Written in flow style (`[...]`, `{...}`), or inside a collection that is.
        let inFlow: Bool
        var items: [Node] = []
        var entries: [Mapping.Entry] = []
        var pendingKey: Scalar?
        var merges: [Node] = []
        let anchor: String?
        let start: yaml_mark_t
        /// The collection's weight: one per node plus the bytes of its scalars.
        var weight = 1

        init(isMapping: Bool, inFlow: Bool, anchor: String?, start: yaml_mark_t) {
            self.isMapping = isMapping
            self.inFlow = inFlow
            self.anchor = anchor
            self.start = start
        }
    }

    let source: String
    let yaml11: Bool
    let lastKeyWins: Bool
    var documents: [Node] = []
    var stack: [Frame] = []
    var root: Node?
    var anchors: [String: (node: Node, weight: Int)] = [:]
    /// What aliases may add in all, by weight (nodes plus scalar bytes), so that
    /// a bomb of many nodes and one of a large scalar repeated are both refused.
    let aliasBudget: Int
    var aliasWeight = 0

    init(source: String, yaml11: Bool, lastKeyWins: Bool, inputBytes: Int) {
        self.source = source
        self.yaml11 = yaml11
        self.lastKeyWins = lastKeyWins
        let (scaled, overflow) = inputBytes.multipliedReportingOverflow(by: InputLimits.aliasExpansionRatio)
        aliasBudget = max(InputLimits.aliasExpansionFloor, overflow ? Int.max : scaled)
    }

    /// Refuses a collection that would nest deeper than `InputLimits.nestingDepth`.
    func checkDepth(at mark: yaml_mark_t) throws {
        guard stack.count < InputLimits.nestingDepth else {
            throw error("mappings and sequences nested more than \(InputLimits.nestingDepth) levels deep; "
                        + "git-ops reads at most \(InputLimits.nestingDepth) levels", at: mark)
        }
    }

    func error(_ message: String, at mark: yaml_mark_t) -> YAMLError {
        YAMLError(source: source, line: mark.line + 1, column: mark.column + 1, message: message)
    }

    mutating func handle(_ event: inout yaml_event_t) throws {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            root = nil
            anchors.removeAll(keepingCapacity: true)
        case YAML_DOCUMENT_END_EVENT:
            documents.append(root ?? .null)
            root = nil
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = Self.string(data.value, data.length)
            let tag = data.tag.map { String(cString: $0) }
            let style = data.style
            var scalar = try resolve(value: value, tag: tag, plain: style == YAML_PLAIN_SCALAR_STYLE,
                                     mark: event.start_mark)
            // kustomize prints an object by writing it as YAML, keeping flow
            // collections in flow style, and reading that back. A flow collection
            // cannot hold a plain scalar with a ':', so such a timestamp is written
            // quoted and read back as the text it was (a date alone stays a timestamp).
            if tag == nil, scalar.tag == .timestamp, stack.last?.inFlow == true, value.utf8.contains(UInt8(ascii: ":")) {
                scalar = Scalar(value, tag: .string)
            }
            // As go-yaml v3 keeps it: an explicit tag (other than `!`) makes the style "tagged".
            let quoted = style != YAML_PLAIN_SCALAR_STYLE && (tag == nil || tag == "!")
            scalar.style = quoted ? .quoted : .plain
            let node = Node.scalar(scalar)
            let weight = 1 + data.length
            if let anchor = data.anchor { anchors[String(cString: anchor)] = (node, weight) }
            try add(node, weight: weight, mark: event.start_mark, isMergeKey: tag == nil && style == YAML_PLAIN_SCALAR_STYLE && value == "<<")
        case YAML_SEQUENCE_START_EVENT:
            try checkDepth(at: event.start_mark)
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            let inFlow = event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE || stack.last?.inFlow == true
            stack.append(Frame(isMapping: false, inFlow: inFlow, anchor: anchor, start: event.start_mark))
        case YAML_SEQUENCE_END_EVENT:
            guard let frame = stack.popLast(), !frame.isMapping else { return }
            let node = Node.sequence(frame.items)
            frame.items = []
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.weight) }
            try add(node, weight: frame.weight, mark: frame.start, isMergeKey: false)
        case YAML_MAPPING_START_EVENT:
            try checkDepth(at: event.start_mark)
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            let inFlow = event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE || stack.last?.inFlow == true
            stack.append(Frame(isMapping: true, inFlow: inFlow, anchor: anchor, start: event.start_mark))
        case YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast(), frame.isMapping else { return }
            var entries = frame.entries
            frame.entries = []
            if !lastKeyWins, entries.count > Self.linearKeyCheckLimit {
                // Large mappings are checked for repeated keys once, with a set, instead of key by key.
                var seen = Set<String>()
                for entry in entries where !seen.insert(entry.key.value).inserted {
                    throw error("mapping key \"\(entry.key.value)\" already defined", at: frame.start)
                }
            }
            if !frame.merges.isEmpty { entries = try merged(entries, frame.merges, mark: frame.start) }
            let node = Node.mapping(Mapping(entries))
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.weight) }
            try add(node, weight: frame.weight, mark: frame.start, isMergeKey: false)
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let target = anchors[name] else {
                throw error("unknown anchor '\(name)' referenced", at: event.start_mark)
            }
            aliasWeight += target.weight
            if aliasWeight > aliasBudget {
                throw error("aliases would expand the text by more than \(InputLimits.describe(aliasBudget)) "
                            + "(\(InputLimits.aliasExpansionRatio) times its size, at least \(InputLimits.describe(InputLimits.aliasExpansionFloor))); "
                            + "refusing a possible alias bomb", at: event.start_mark)
            }
            try add(target.node, weight: target.weight, mark: event.start_mark, isMergeKey: false)
        default:
            break
        }
    }

    static func string(_ pointer: UnsafeMutablePointer<UInt8>?, _ length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// Adds a finished node to its parent (or makes it the document root).
    mutating func add(_ node: Node, weight: Int, mark: yaml_mark_t, isMergeKey: Bool) throws {
        guard let frame = stack.last else {
            root = node
            return
        }
        frame.weight += weight
        guard frame.isMapping else {
            frame.items.append(node)
            return
        }
        if let key = frame.pendingKey {
            frame.pendingKey = nil
            if key.tag == .other("<<") {
                frame.merges.append(node)
            } else {
                if lastKeyWins { frame.entries.removeAll { $0.key.value == key.value } }
                frame.entries.append(Mapping.Entry(key: key, value: node))
            }
            return
        }
        guard case .scalar(var key) = node else {
            throw error("mapping keys must be scalars", at: mark)
        }
        if isMergeKey {
            key.tag = .other("<<")
        } else if !lastKeyWins, frame.entries.count < Self.linearKeyCheckLimit, Self.contains(frame.entries, key.value) {
            throw error("mapping key \"\(key.value)\" already defined", at: mark)
        }
        frame.pendingKey = key
    }

    /// Up to this many entries, a new key is compared with each earlier one.
    static let linearKeyCheckLimit = 16

    static func contains(_ entries: [Mapping.Entry], _ key: String) -> Bool {
        for index in entries.indices where entries[index].key.hasValue(key) { return true }
        return false
    }

    /// Applies `<<` merge keys: entries of the merged mappings that the mapping
    /// does not define itself are added, earlier merge sources winning.
    func merged(_ entries: [Mapping.Entry], _ merges: [Node], mark: yaml_mark_t) throws -> [Mapping.Entry] {
        var result = entries
        var sources: [Mapping] = []
        for merge in merges {
            switch merge {
            case .mapping(let mapping):
                sources.append(mapping)
            case .sequence(let items):
                for item in items {
                    guard case .mapping(let mapping) = item else {
                        throw error("map merge requires map or sequence of maps as the value", at: mark)
                    }
                    sources.append(mapping)
                }
            case .scalar:
                throw error("map merge requires map or sequence of maps as the value", at: mark)
            }
        }
        var seen = Set(entries.map(\.key.value))
        for source in sources {
            for entry in source.entries where !seen.contains(entry.key.value) {
                seen.insert(entry.key.value)
                result.append(entry)
            }
        }
        return result
    }

    /// The tag of a scalar: its explicit tag, or the one go-yaml v3 resolves a plain scalar to.
    func resolve(value: String, tag: String?, plain: Bool, mark: yaml_mark_t) throws -> Scalar {
        if let tag {
            switch tag {
            case "tag:yaml.org,2002:str", "!": return Scalar(value, tag: .string)
            case "tag:yaml.org,2002:int": return Scalar(value, tag: .int)
            case "tag:yaml.org,2002:float": return Scalar(value, tag: .float)
            case "tag:yaml.org,2002:bool": return Scalar(value, tag: .bool)
            case "tag:yaml.org,2002:null": return Scalar(value, tag: .null)
            case "tag:yaml.org,2002:timestamp": return Scalar(value, tag: .timestamp)
            case "tag:yaml.org,2002:binary": return Scalar(value, tag: .binary)
            default: return Scalar(value, tag: .other(tag))
            }
        }
        guard plain else { return Scalar(value, tag: .string) }
        return Scalar(value, tag: yaml11 ? ScalarResolver.resolvePlainV2(value) : ScalarResolver.resolvePlain(value))
    }
}
