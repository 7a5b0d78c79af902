import Manifests

extension ReplacementPath {
    /// Calls `body` on every node at `path` in `node`, as kyaml's `PathMatcher`
    /// finds replacement targets, and returns how many it found. With `create`
    /// (the kind of the value being copied), missing fields, `[field=value]`
    /// items and the item just past the end of a list are made on the way;
    /// `body` learns whether the node it gets was just made.
    ///
    /// A part that walks into an explicit null finds (or makes) its field in a
    /// detached node: kustomize loses what it writes there, and so do we.
    static func visit(_ node: inout Node, _ path: ArraySlice<String>, create: FieldPath.CreateKind?,
                      created: Bool = false, _ body: (inout Node, Bool) throws -> Void) throws -> Int {
        guard let part = path.first else {
            try body(&node, created)
            return 1
        }
        let rest = path.dropFirst()
        if let position = index(part), position >= 0 {
            return try visitIndex(&node, position, rest, create: create, body)
        }
        if isListMatcher(part) {
            return try visitMatching(&node, part, rest, create: create, body)
        }
        if part == "*" {
            guard var items = try elements(of: node) else { return 0 }
            node = .null
            defer { node = .sequence(items) }
            var count = 0
            for index in items.indices { count += try visit(&items[index], rest, create: create, body) }
            return count
        }
        return try visitField(&node, part, rest, create: create, body)
    }

    static func visitField(_ node: inout Node, _ name: String, _ rest: ArraySlice<String>,
                           create: FieldPath.CreateKind?, _ body: (inout Node, Bool) throws -> Void) throws -> Int {
        switch node {
        case .mapping(var mapping):
            node = .null
            defer { node = .mapping(mapping) }
            if let index = mapping.index(of: name) {
                return try visit(&mapping.entries[index].value, rest, create: create, body)
            }
            guard let create else { return 0 }
            var child = newNode(next: rest.first, create)
            let count = try visit(&child, rest, create: create, created: true, body)
            mapping.entries.append(Mapping.Entry(key: Scalar(name), value: child))
            return count
        case .scalar(let scalar) where scalar.tag == .null:
            guard let create else { return 0 }
            var detached = newNode(next: rest.first, create)
            return try visit(&detached, rest, create: create, created: true, body)
        default:
            throw wrongKind(expected: "MappingNode", node)
        }
    }

    static func visitIndex(_ node: inout Node, _ position: Int, _ rest: ArraySlice<String>,
                           create: FieldPath.CreateKind?, _ body: (inout Node, Bool) throws -> Void) throws -> Int {
        let isNull = node.isNull
        var items = try elements(of: node) ?? []
        var made = false
        if items.count == position, let create {
            items.append(newNode(next: rest.first, create))
            made = true
        }
        guard position < items.count else {
            throw PathError("index \(position) specified but only \(items.count) elements found")
        }
        let count = try visit(&items[position], rest, create: create, created: made, body)
        if !isNull { node = .sequence(items) }
        return count
    }

    static func visitMatching(_ node: inout Node, _ part: String, _ rest: ArraySlice<String>,
                              create: FieldPath.CreateKind?, _ body: (inout Node, Bool) throws -> Void) throws -> Int {
        let (field, pattern) = try listMatcher(part)
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(pattern)
        } catch {
            throw PathError("invalid regular expression '\(pattern)' in '\(part)'")
        }
        let isNull = node.isNull
        var items = try elements(of: node) ?? []
        defer { if !isNull { node = .sequence(items) } }
        var count = 0
        for index in items.indices {
            let candidate: Node?
            if field.isEmpty {
                candidate = items[index]
            } else {
                candidate = items[index].mapping?[field]
            }
            guard let candidate, (try? regex.firstMatch(in: Self.matchText(candidate))) != nil else { continue }
            count += try visit(&items[index], rest, create: create, body)
        }
        guard count == 0, create != nil else { return count }
        // Nothing matched: append an item carrying the matched value, then search again.
        let value = Node.scalar(Scalar.untagged(pattern))
        if field.isEmpty {
            items.append(value)
        } else {
            items.append(.mapping(Mapping([Mapping.Entry(key: Scalar(field), value: value)])))
        }
        let index = items.count - 1
        return try visit(&items[index], rest, create: create, created: field.isEmpty && rest.isEmpty, body)
    }

    /// The text kyaml matches a `[field=value]` pattern against: the value as
    /// YAML prints it (a string that would read as another type is quoted).
    static func matchText(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if scalar.tag == .string, ScalarResolver.resolvePlain(scalar.value) != .string { return "\"\(scalar.value)\"" }
            return scalar.value
        default:
            return ((try? YAMLEmitter.stream([node])) ?? "").trimmingSpaces
        }
    }

    /// The node kyaml makes for a missing part: a list when the next part
    /// indexes or matches items, the value's kind at the end, else a mapping.
    static func newNode(next: String?, _ create: FieldPath.CreateKind) -> Node {
        guard let next else { return FieldPath.empty(create) }
        if isListMatcher(next) { return .sequence([]) }
        if let position = index(next), position >= 0 { return .sequence([]) }
        return .emptyMapping
    }
}
