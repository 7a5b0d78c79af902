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
        if case .scalar(let scalar) = old {
            switch scalar.style {
            case .quoted: return .string(text)
            case .plain: return .scalar(Scalar(text, tag: ScalarResolver.resolvePlain(text)))
            case .unknown:
                // Built or read from JSON: a string that would read as another type plain was quoted.
                if scalar.tag == .string, ScalarResolver.resolvePlain(scalar.value) != .string { return .string(text) }
            }
        }
        return .scalar(Scalar(text, tag: ScalarResolver.resolvePlain(text)))
    }
}
