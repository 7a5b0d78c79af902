import Manifests

/// `namePrefix` and `nameSuffix`.
struct PrefixSuffixTransformer {
    let prefix: String
    let suffix: String
    let fieldSpecs: [FieldSpec]

    func apply(to resources: inout ResourceMap) throws {
        throw notYetSupported("namePrefix", file: "")
    }
}
