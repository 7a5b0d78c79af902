/// An anchor around a key of a pattern (`pattern/anchor`): `(key)`
/// conditional, `=(key)` equality, `^(key)` existence, `X(key)` negation,
/// `<(key)` global and `+(key)` add-if-not-present (which only mutate rules
/// use; validation reads it as a plain key).
struct Anchor: Equatable {
    enum Kind: String {
        case condition = ""
        case global = "<"
        case negation = "X"
        case addIfNotPresent = "+"
        case equality = "="
        case existence = "^"
    }

    var kind: Kind
    /// The key inside the parentheses.
    var key: String

    /// The anchor `text` writes (spaces around it ignored), or `nil` for a plain key.
    init?(_ text: String) {
        var text = Substring(text)
        while let first = text.first, first == " " || first == "\t" || first == "\n" || first == "\r" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\n" || last == "\r" { text.removeLast() }
        guard text.last == ")" else { return nil }
        var kind = Kind.condition
        if let first = text.first, let modifier = Kind(rawValue: String(first)), modifier != .condition {
            kind = modifier
            text = text.dropFirst()
        }
        guard text.first == "(" else { return nil }
        let key = text.dropFirst().dropLast()
        guard !key.isEmpty else { return nil }
        self.kind = kind
        self.key = String(key)
    }

    init(kind: Kind, key: String) {
        self.kind = kind
        self.key = key
    }

    /// The anchor as a pattern writes it.
    var text: String { kind.rawValue + "(" + key + ")" }

    /// Conditional, existence, equality and negation anchors: the ones a map checks before its plain keys.
    var isCheckedFirst: Bool {
        kind == .condition || kind == .existence || kind == .equality || kind == .negation
    }
}
