import Manifests

extension SOPSTree {
    /// One leaf sealed if the rule selects it; the MAC input gathers the
    /// plaintext of every leaf it covers.
    mutating func encryptLeaf(_ scalar: Scalar, path: [String]) throws -> Scalar {
        guard var plaintext = try scalar.sopsMACBytes() else { return scalar }
        defer { LibCrypto.wipe(&plaintext) }
        let encrypted = filter.isEncrypted(path)
        if !macOnlyEncrypted || encrypted { appendToMAC(plaintext) }
        // sops leaves an empty string as it is.
        guard encrypted, !(scalar.isString && scalar.value.isEmpty) else { return scalar }
        let value = try SOPSValue.seal(plaintext, kind: scalar.sopsKind, dataKey: dataKey, aad: path.joined(separator: ":") + ":")
        return Scalar(value.text)
    }
}

extension Scalar {
    /// The type sops records for this scalar's value.
    var sopsKind: SOPSValue.Kind {
        switch tag {
        case .int: return Scalar.decodeNumber(value).map { if case .float = $0 { return .float } else { return .int } } ?? .str
        case .float: return .float
        case .bool: return .bool
        case .timestamp: return .time
        default: return .str
        }
    }
}
