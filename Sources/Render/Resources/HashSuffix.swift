import Digests
import Manifests

/// Appends the content hash to the names of generated ConfigMaps and
/// Secrets, once, at the end of the build (so the hash covers the final
/// data, after merges and patches): `name-<hash>`.
enum HashSuffix {
    static func apply(to resources: inout ResourceMap) throws {
        try resources.modifyAllConcurrently { item in
            guard item.needsHashSuffix else { return }
            let hash = try Self.hash(item.object)
            item.setName("\(item.name)-\(hash)")
        }
    }

    /// kustomize's hash of an object: the SHA-256 of the Go JSON encoding of
    /// `{"data", "kind", "name"}` (plus `binaryData` for a ConfigMap when it is
    /// a mapping; plus `type`, and `stringData` when a mapping, for a Secret),
    /// cut to 10 hex digits with some digits swapped for letters. The name is
    /// always "": kustomize looks up "metadata/name" as one field name, which
    /// no object has. A missing field hashes as "".
    static func hash(_ object: Node) throws -> String {
        let kind = object["kind"]?.text ?? ""
        var fields = Mapping()
        fields["kind"] = .string(kind)
        fields["name"] = .string("")
        fields["data"] = hashValue(object["data"])
        switch kind {
        case "ConfigMap":
            if let binary = object["binaryData"], binary.mapping != nil { fields["binaryData"] = hashValue(binary) }
        case "Secret":
            fields["type"] = hashValue(object["type"])
            if let stringData = object["stringData"], stringData.mapping != nil { fields["stringData"] = hashValue(stringData) }
        default:
            break
        }
        let json: String
        do {
            json = try JSON.serialize(.mapping(fields), options: .goMarshal)
        } catch {
            throw RenderError(.build, file: "", "cannot compute the name hash of \(kind) '\(object[path: ["metadata", "name"]]?.text ?? "")': \(error)")
        }
        return encode(SHA256.hexDigest(Array(json.utf8)))
    }

    /// A field as kustomize's hasher reads it: a scalar by its text, a
    /// mapping as itself; a sequence (not a map) reads as null.
    static func hashValue(_ node: Node?) -> Node {
        guard let node else { return .string("") }
        switch node {
        case .scalar(let scalar):
            return .string(scalar.value)
        case .mapping:
            return node
        case .sequence:
            return .null
        }
    }

    /// The first 10 hex digits with 0, 1, 3, a and e replaced (kubectl's
    /// scheme, which avoids vowels and look-alike digits).
    static func encode(_ hex: String) -> String {
        String(hex.prefix(10).map { digit -> Character in
            switch digit {
            case "0": return "g"
            case "1": return "h"
            case "3": return "k"
            case "a": return "m"
            case "e": return "t"
            default: return digit
            }
        })
    }
}
