import Manifests

/// `labels` and `commonLabels`.
struct LabelTransformer {
    let pairs: [(key: String, value: String)]
    let fieldSpecs: [FieldSpec]

    init(labels: Kustomization.LabelSet, config: TransformerConfig) {
        pairs = labels.pairs
        fieldSpecs = []
    }

    init(commonLabels: [(key: String, value: String)], config: TransformerConfig) {
        pairs = commonLabels
        fieldSpecs = config.commonLabels
    }

    func apply(to resources: inout ResourceMap) throws {
        throw notYetSupported("labels", file: "")
    }
}
