import Manifests

/// Why a pattern did not match, in the shape of Kyverno's errors: an anchor's
/// error (conditional and global ones make the rule skip, a negation one
/// makes it fail), a plain mismatch, or the error a map or list returns when
/// all its conditional parts skipped.
struct PatternFailure: Error {
    enum Kind: Equatable {
        case conditional
        case global
        case negation
        case plain
        /// Kyverno's `PatternError`, with whether it means skip.
        case pattern(skip: Bool)
    }

    var kind: Kind
    var message: String

    static let conditionalText = "conditional anchor mismatch"
    static let globalText = "global anchor mismatch"
    static let negationText = "negation anchor matched in resource"

    static func conditional(_ message: String) -> PatternFailure { PatternFailure(kind: .conditional, message: "\(conditionalText): \(message)") }
    static func global(_ message: String) -> PatternFailure { PatternFailure(kind: .global, message: "\(globalText): \(message)") }
    static func negation(_ message: String) -> PatternFailure { PatternFailure(kind: .negation, message: "\(negationText): \(message)") }
    static func plain(_ message: String) -> PatternFailure { PatternFailure(kind: .plain, message: message) }

    /// Anchor errors are told by their type, any other error by its text (as `anchor.isError` does).
    private func `is`(_ anchorKind: Kind, _ text: String) -> Bool {
        switch kind {
        case .conditional, .global, .negation: return kind == anchorKind
        case .plain, .pattern: return message.contains(text)
        }
    }

    var isConditional: Bool { `is`(.conditional, Self.conditionalText) }
    var isGlobal: Bool { `is`(.global, Self.globalText) }
    var isNegation: Bool { `is`(.negation, Self.negationText) }
    /// A conditional or global anchor was not satisfied: the pattern does not apply here.
    var isSkip: Bool { isConditional || isGlobal }
    var isPatternError: Bool { if case .pattern = kind { return true } else { return false } }
}

/// How an object matched a whole pattern (`validate.MatchPattern`).
enum PatternOutcome: Equatable {
    case pass
    /// A conditional or global anchor was not satisfied.
    case skip(String)
    /// The object does not match, at `path` (`/spec/containers/0/image/`).
    case fail(path: String, message: String)
    /// Kyverno reports an error, not a failure, when the mismatch comes with an
    /// anchored key the object lacks.
    case error(String)
}

/// Walks a pattern and an object side by side, as Kyverno's
/// `validate.validateResourceElement` does: maps key by key (anchors first,
/// in sorted order), lists element by element against the pattern's first
/// element, leaves through `ScalarPattern`.
struct PatternMatcher {
    /// The anchored keys (conditional, existence, negation) seen in the
    /// pattern, and whether the object had each somewhere.
    private var anchorKeys: [String: Bool] = [:]

    /// Matches `object` against `pattern`.
    static func match(_ object: Node, _ pattern: Node) -> PatternOutcome {
        var matcher = PatternMatcher()
        guard let (path, failure) = matcher.element(object, pattern, path: "/") else { return .pass }
        if failure.isSkip { return .skip(failure.message) }
        if failure.isNegation { return .fail(path: path, message: failure.message) }
        if matcher.keysAreMissing { return .error(failure.message) }
        return .fail(path: path, message: failure.message)
    }

    var keysAreMissing: Bool {
        anchorKeys.contains { key, seen in !seen && Anchor(key)?.kind != .negation }
    }

    typealias Failure = (path: String, failure: PatternFailure)

    mutating func element(_ value: Node?, _ pattern: Node, path: String) -> Failure? {
        switch pattern {
        case .mapping(let patternMap):
            guard case .mapping(let map) = value else {
                return (path, .plain("pattern and resource have different structures. Path: \(path). Expected map[string]interface {}, found \(goType(value))"))
            }
            noteAnchors(patternMap, in: map)
            return self.map(map, patternMap, path: path)
        case .sequence(let patternList):
            guard case .sequence(let list) = value else {
                return (path, .plain("validation rule failed at path \(path), resource does not satisfy the expected overlay pattern"))
            }
            return self.list(list, patternList, path: path)
        case .scalar:
            if case .sequence(let items) = value {
                for item in items where !ScalarPattern.matches(item, pattern) {
                    return (path, .plain("resource value does not match '\(Atom.shown(pattern))' at path \(path)"))
                }
                return nil
            }
            if !ScalarPattern.matches(value, pattern) {
                return (path, .plain("resource value does not match '\(Atom.shown(pattern))' at path \(path)"))
            }
            return nil
        }
    }

    mutating func noteAnchors(_ pattern: Mapping, in map: Mapping) {
        for entry in pattern.entries {
            let key = entry.key.value
            guard let anchor = Anchor(key), anchor.kind == .condition || anchor.kind == .existence || anchor.kind == .negation else { continue }
            if anchorKeys[key] == true { continue }
            anchorKeys[key] = map[anchor.key] != nil
        }
    }

    mutating func map(_ map: Mapping, _ original: Mapping, path: String) -> Failure? {
        let pattern = MetadataWildcards.expand(original, against: map)
        var anchored: [(key: String, anchor: Anchor, pattern: Node)] = []
        var plain: [(key: String, pattern: Node)] = []
        for entry in pattern.entries {
            let key = entry.key.value
            if let anchor = Anchor(key), anchor.isCheckedFirst {
                anchored.append((key, anchor, entry.value))
            } else {
                plain.append((key, entry.value))
            }
        }
        anchored.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var skips: [PatternFailure] = []
        var applied = 0
        for item in anchored {
            if let failure = handle(item.key, item.pattern, in: map, path: path) {
                if failure.failure.isSkip {
                    skips.append(failure.failure)
                    continue
                }
                // A sibling's unsatisfied condition wins over this failure.
                if !skips.contains(where: { !$0.isPatternError }) { return failure }
                continue
            }
            applied += 1
        }
        if !skips.isEmpty, applied == 0 || skips.contains(where: { !$0.isPatternError }) {
            return (path, PatternFailure(kind: .pattern(skip: true), message: skips.map(\.message).joined(separator: "; ")))
        }
        // Global anchors, then keys whose patterns hold anchors, go first.
        plain.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var front: [(key: String, pattern: Node)] = []
        var back: [(key: String, pattern: Node)] = []
        for item in plain {
            if Anchor(item.key)?.kind == .global || Self.hasNestedAnchors(item.pattern) {
                front.insert(item, at: 0)
            } else {
                back.append(item)
            }
        }
        for item in front + back {
            if let failure = handle(item.key, item.pattern, in: map, path: path) { return failure }
        }
        return nil
    }

    /// True when `pattern` holds an anchored key at any depth.
    static func hasNestedAnchors(_ pattern: Node) -> Bool {
        switch pattern {
        case .mapping(let mapping):
            for entry in mapping.entries {
                if let anchor = Anchor(entry.key.value), anchor.kind != .addIfNotPresent { return true }
            }
            return mapping.entries.contains { hasNestedAnchors($0.value) }
        case .sequence(let items): return items.contains { hasNestedAnchors($0) }
        case .scalar: return false
        }
    }

    /// One key of a map pattern, by its anchor (`anchor.CreateElementHandler`).
    mutating func handle(_ key: String, _ pattern: Node, in map: Mapping, path: String) -> Failure? {
        guard let anchor = Anchor(key), anchor.kind != .addIfNotPresent else {
            let current = path + key + "/"
            let value = Self.value(map[key])
            if case .scalar(let scalar) = pattern, scalar.value == "*", scalar.tag == .string {
                return value != nil ? nil : (path, .plain("\(path)/\(key) not found"))
            }
            return element(value, pattern, path: current)
        }
        let current = path + anchor.key + "/"
        let present = map[anchor.key]
        switch anchor.kind {
        case .negation:
            guard present != nil else { return nil }
            return (current, .negation("\(current) is not allowed"))
        case .equality:
            guard let present else { return nil }
            return element(Self.value(present), pattern, path: current)
        case .condition:
            guard let present else {
                return (current, .conditional("conditional anchor key doesn't exist in the resource"))
            }
            if let failure = element(Self.value(present), pattern, path: current) {
                return (failure.path, .conditional(failure.failure.message))
            }
            return nil
        case .global:
            guard let present else { return nil }
            if let failure = element(Self.value(present), pattern, path: current) {
                return (failure.path, .global(failure.failure.message))
            }
            return nil
        case .existence:
            guard let present else { return nil }
            guard case .sequence(let items) = present else {
                return (current, .plain("invalid resource type \(goType(Self.value(present))): Existence ^ () anchor can be used only on list/array type resource"))
            }
            guard case .sequence(let patterns) = pattern else {
                return (current, .plain("invalid pattern type: Pattern has to be of list to compare against resource"))
            }
            for item in patterns {
                guard item.mapping != nil else {
                    return (current, .plain("invalid pattern type: Pattern has to be of type map to compare against items in resource"))
                }
                var found = false
                for (index, element) in items.enumerated() where self.element(element, item, path: current + "\(index)/") == nil {
                    found = true
                    break
                }
                if !found { return (current, .plain("existence anchor validation failed at path \(current)")) }
            }
            return nil
        case .addIfNotPresent:
            return nil
        }
    }

    mutating func list(_ list: [Node], _ patterns: [Node], path: String) -> Failure? {
        guard let first = patterns.first else { return (path, .plain("pattern Array empty")) }
        switch first {
        case .mapping:
            // Every element against the map, its anchors deciding for the whole list.
            return pairs(list.map { ($0, first) }, path: path)
        case .scalar:
            return element(.sequence(list), first, path: path)
        case .sequence:
            guard list.count >= patterns.count else {
                return ("", .plain("validate Array failed, array length mismatch, resource Array len is \(list.count) and pattern Array len is \(patterns.count)"))
            }
            return pairs(Array(zip(list, patterns)), path: path)
        }
    }

    /// Elements and their patterns: the first failure that is not a skip, or a
    /// skip when every element skipped.
    mutating func pairs(_ pairs: [(value: Node, pattern: Node)], path: String) -> Failure? {
        var skips: [PatternFailure] = []
        var applied = 0
        for (index, pair) in pairs.enumerated() {
            if let failure = element(pair.value, pair.pattern, path: path + "\(index)/") {
                if failure.failure.isSkip {
                    skips.append(failure.failure)
                    continue
                }
                return failure
            }
            applied += 1
        }
        if applied == 0, !skips.isEmpty {
            return (path, PatternFailure(kind: .pattern(skip: true), message: skips.map(\.message).joined(separator: "; ")))
        }
        return nil
    }

    /// A value as Go reads it from a map: `null` is no value.
    static func value(_ node: Node?) -> Node? {
        if let node, case .scalar(let scalar) = node, scalar.tag == .null { return nil }
        return node
    }
}

/// Go's name of a value's type, for messages.
func goType(_ node: Node?) -> String {
    switch Atom(value: node) {
    case .string: return "string"
    case .int: return "int64"
    case .float: return "float64"
    case .bool: return "bool"
    case .null: return "<nil>"
    case .map: return "map[string]interface {}"
    case .list: return "[]interface {}"
    }
}
