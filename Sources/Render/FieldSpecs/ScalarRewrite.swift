import Manifests

/// New text written over an existing scalar the way kyaml writes it
/// (`SetScalar`, or a `FieldSetter` with a string value): the old scalar's
/// quoting style stays and its tag goes, so the text keeps quotes if the old
/// scalar had them and otherwise reads as whatever it looks like (a name
/// `123` given a suffix `0` becomes the number `1230`).
///
/// A scalar read from YAML knows whether it was quoted; one built or read
/// from JSON does not, and a string of it that would read as another type
/// when plain is taken as quoted.
enum ScalarRewrite {
    static func replacing(_ old: Node, with text: String) -> Node {
        if case .scalar(let scalar) = old, scalar.isWrittenQuoted { return .string(text) }
        return .scalar(Scalar.untagged(text))
    }
}

extension Scalar {
    /// Whether kyaml writes this scalar quoted (or as a block), which decides
    /// what text written over it reads back as. A scalar read from YAML knows
    /// how it was written; one built or read from JSON is a string that kyaml
    /// quotes when it would read as something else.
    var isWrittenQuoted: Bool {
        switch style {
        case .quoted: return true
        case .plain: return false
        case .unknown: return isString && ScalarResolver.needsQuotingV2(value)
        }
    }
}
