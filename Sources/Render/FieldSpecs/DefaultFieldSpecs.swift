import Manifests

/// kustomize's built-in transformer configuration, one list per transformer.
/// Each list lives in a file of its own (`DefaultFieldSpecs+Labels.swift`, ...).
enum DefaultFieldSpecs {}

extension TransformerConfig {
    /// kustomize's built-in configuration.
    static let defaults: TransformerConfig = {
        var config = TransformerConfig()
        config.namePrefix = DefaultFieldSpecs.namePrefix
        config.nameSuffix = DefaultFieldSpecs.namePrefix
        config.namespace = DefaultFieldSpecs.namespace
        config.commonLabels = DefaultFieldSpecs.commonLabels
        config.templateLabels = DefaultFieldSpecs.templateLabels
        config.commonAnnotations = DefaultFieldSpecs.commonAnnotations
        config.images = DefaultFieldSpecs.images
        config.replicas = DefaultFieldSpecs.replicas
        config.varReference = DefaultFieldSpecs.varReference
        config.nameReference = DefaultFieldSpecs.nameReference
        return config
    }()
}
