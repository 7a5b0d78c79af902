import Digests
import FoundationEssentials
import Manifests

/// Replaces every value of a Secret with `sha256:<hex>`, the SHA-256 of the
/// value itself, before the object is written into a deployment tree.
///
/// `data` values are base64 and are decoded first, so a value reads the same
/// whether it was given in `data` or `stringData`. The same value always
/// gives the same text, so `git diff` between two deployments shows which
/// values changed, but no value can be read back. The annotation
/// `kubectl.kubernetes.io/last-applied-configuration` repeats the whole
/// object, values included, and is replaced by its digest too.
package enum SecretDigests {
    /// What every replaced value starts with.
    package static let prefix = "sha256:"
    /// The annotation kubectl's client-side apply writes, which holds the whole object.
    static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

    /// `object` with its values replaced when it is a core Secret; any other object unchanged.
    package static func redacted(_ object: Node) -> Node {
        let id = Resource(object).id
        guard id.group.isEmpty, id.kind == "Secret", case .mapping(var fields) = object else { return object }
        for key in ["data", "stringData"] {
            guard case .mapping(var values)? = fields[key] else {
                // A malformed `data` (a string, a list) is still a value: replace it whole.
                if let value = fields[key], !value.isNull { fields[key] = .string(digest(of: value, base64: false)) }
                continue
            }
            for index in values.entries.indices where !values.entries[index].value.isNull {
                values.entries[index].value = .string(digest(of: values.entries[index].value, base64: key == "data"))
            }
            fields[key] = .mapping(values)
        }
        var redacted = Node.mapping(fields)
        let path = ["metadata", "annotations", lastApplied]
        if let annotation = redacted[path: path] {
            redacted[path: path] = .string(digest(of: annotation, base64: false))
        }
        return redacted
    }

    /// `sha256:<hex>` of the bytes `bytes`.
    package static func digest(_ bytes: [UInt8]) -> String {
        prefix + SHA256.hexDigest(bytes)
    }

    /// The digest of one value: a scalar's text (base64-decoded when `base64`
    /// and it decodes), or the JSON text of anything else.
    static func digest(of value: Node, base64: Bool) -> String {
        guard let text = value.text else {
            return digest(Array(((try? JSON.serialize(value)) ?? "").utf8))
        }
        // `data` is read as the API server reads it: Go's StdEncoding, line ends skipped.
        guard base64, let decoded = Base64.decode(text) else { return digest(Array(text.utf8)) }
        return digest(decoded)
    }
}
