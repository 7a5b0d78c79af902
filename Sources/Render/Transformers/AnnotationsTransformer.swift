import Manifests

/// `commonAnnotations`: string annotations set in `metadata.annotations` and
/// the pod templates of the workload kinds.
struct AnnotationsTransformer {
    let annotations: [(key: String, value: String)]
    let fieldSpecs: [FieldSpec]

    func apply(to resources: inout ResourceMap) throws {
        try MapEntrySetter(pairs: annotations, fieldSpecs: fieldSpecs).apply(to: &resources)
    }
}
