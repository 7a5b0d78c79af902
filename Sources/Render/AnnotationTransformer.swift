import Manifests

/// `commonAnnotations`.
struct AnnotationTransformer {
    let annotations: [(key: String, value: String)]
    let fieldSpecs: [FieldSpec]

    func apply(to resources: inout ResourceMap) throws {
        throw notYetSupported("commonAnnotations", file: "")
    }
}
