import Manifests
import Digests

/// The walk of `sops.go` `Tree.Decrypt`: every leaf of every document, maps
/// in the order written and sequences in order, with the path of map keys
/// (sequence indices are not in it). Encrypted leaves are opened with the
/// data key and the path as AAD; every leaf the MAC covers enters SHA-512.
struct SOPSTree {
    static let macOnlyEncryptedSeed: [UInt8] = Array("sops".utf8)

    let dataKey: [UInt8]
    let filter: SOPSLeafFilter
    let macOnlyEncrypted: Bool
    /// Everything the MAC covers, concatenated without separators.
    private(set) var macInput: [UInt8] = []

    init(dataKey: [UInt8], filter: SOPSLeafFilter, macOnlyEncrypted: Bool) {
        self.dataKey = dataKey
        self.filter = filter
        self.macOnlyEncrypted = macOnlyEncrypted
    }

    /// Which way a walk goes.
    enum Direction {
        case encrypt, decrypt
    }

    /// The documents with their encrypted leaves replaced by plaintext.
    mutating func decrypt(_ documents: [Node]) throws -> [Node] {
        try documents.map { try walk($0, path: [], .decrypt) }
    }

    /// The documents with the leaves the rule selects encrypted, as
    /// `sops.go` `Tree.Encrypt` does.
    mutating func encrypt(_ documents: [Node]) throws -> [Node] {
        try documents.map { try walk($0, path: [], .encrypt) }
    }

    mutating func appendToMAC(_ bytes: [UInt8]) {
        macInput += bytes
    }

    /// The MAC as sops writes it: upper-case hexadecimal SHA-512 of the covered leaves.
    func mac() throws -> String {
        var input = macOnlyEncrypted ? Digests.SHA256.digest(Self.macOnlyEncryptedSeed) : []
        input += macInput
        let digest = try LibCrypto.sha512(input)
        let hex = Array("0123456789ABCDEF".utf8)
        return String(decoding: digest.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0F)]] }, as: UTF8.self)
    }

    private mutating func walk(_ node: Node, path: [String], _ direction: Direction) throws -> Node {
        switch node {
        case .mapping(var map):
            for index in map.entries.indices {
                map.entries[index].value = try walk(map.entries[index].value, path: path + [map.entries[index].key.value], direction)
            }
            return .mapping(map)
        case .sequence(let items):
            return .sequence(try items.map { try walk($0, path: path, direction) })
        case .scalar(let scalar):
            switch direction {
            case .decrypt: return .scalar(try decryptLeaf(scalar, path: path))
            case .encrypt: return .scalar(try encryptLeaf(scalar, path: path))
            }
        }
    }

    private mutating func decryptLeaf(_ scalar: Scalar, path: [String]) throws -> Scalar {
        if scalar.tag == .null { return scalar }
        let location = path.joined(separator: ":") + ":"
        guard filter.isEncrypted(path) else {
            if !macOnlyEncrypted, let bytes = try scalar.sopsMACBytes() { macInput += bytes }
            return scalar
        }
        // sops leaves an empty string as it is, and it enters the MAC as nothing.
        if scalar.isString && scalar.value.isEmpty { return scalar }
        guard scalar.isString, let value = SOPSValue(parsing: scalar.value) else {
            throw SecretsError(.integrity, "the value at '\(location)' should be encrypted but is not an ENC[AES256_GCM,...] value")
        }
        guard var plaintext = try value.open(dataKey: dataKey, aad: location) else {
            throw SecretsError(.integrity, "the value at '\(location)' does not authenticate: it was changed, moved, or encrypted with another data key")
        }
        defer { LibCrypto.wipe(&plaintext) }
        guard let result = value.kind.scalar(plaintext) else {
            throw SecretsError(.format, "the value at '\(location)' is not a valid '\(value.kind.rawValue)'")
        }
        macInput += plaintext
        return result
    }
}
