import Manifests

/// New text written over an existing scalar the way kyaml writes it
/// (`SetScalar`, or a `FieldSetter` with a string value): the old scalar's
/// quoting style stays and its tag goes, so the text keeps quotes if the old
/// scalar had them and otherwise reads as whatever it looks like (a name
/// `123` given a suffix `0` becomes the number `1230`).
///
/// Quoting is not kept once a document is read; a string that would read as
/// another type when plain must have been quoted. A quoted string that reads
/// as a string plain (`"abc"`) is taken as plain.
enum ScalarRewrite {
    static func replacing(_ old: Node, with text: String) -> Node {
        if case .scalar(let scalar) = old, scalar.tag == .string, ScalarResolver.resolvePlain(scalar.value) != .string {
            return .string(text)
        }
        return .scalar(Scalar(text, tag: ScalarResolver.resolvePlain(text)))
    }
}
