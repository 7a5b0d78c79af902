import Manifests

/// A kustomization file, decoded strictly as kustomize decodes it: every
/// field has a type, unknown fields are errors, and deprecated fields are
/// folded into their replacements (with a warning).
package struct Kustomization: Sendable {
    /// `Kustomization` or `Component`.
    package var kind = "Kustomization"
    package var apiVersion = ""
    package var namePrefix = ""
    package var nameSuffix = ""
    package var namespace = ""
    package var commonLabels: [(key: String, value: String)] = []
    package var labels: [LabelSet] = []
    package var commonAnnotations: [(key: String, value: String)] = []
    package var patchesStrategicMerge: [String] = []
    package var patchesJson6902: [PatchSpec] = []
    package var patches: [PatchSpec] = []
    package var images: [ImageSpec] = []
    package var replacements: [ReplacementEntry] = []
    package var replicas: [ReplicaSpec] = []
    package var vars: [VarSpec] = []
    package var sortOptions: SortOptions?
    package var resources: [String] = []
    package var components: [String] = []
    package var crds: [String] = []
    package var configMapGenerator: [GeneratorArgs] = []
    package var secretGenerator: [GeneratorArgs] = []
    package var generatorOptions: GeneratorOptions?
    package var configurations: [String] = []
    package var generators: [String] = []
    package var transformers: [String] = []
    package var validators: [String] = []
    package var buildMetadata: [String] = []
    package var openAPI: [(key: String, value: String)] = []
    /// Warnings kustomize prints on stderr for deprecated fields.
    package var warnings: [String] = []

    package var isComponent: Bool { kind == "Component" }

    /// A `labels:` entry.
    package struct LabelSet: Sendable {
        package var pairs: [(key: String, value: String)] = []
        package var includeSelectors = false
        package var includeTemplates = false
        package var fields: [FieldSpec] = []
    }

    /// A `patches:` or `patchesJson6902:` entry.
    package struct PatchSpec: Sendable {
        package var path = ""
        package var patch = ""
        package var target: Selector?
        package var options: [String: Bool] = [:]
    }

    /// An `images:` entry.
    package struct ImageSpec: Sendable {
        package var name = ""
        package var newName = ""
        package var newTag = ""
        package var digest = ""
        package var tagSuffix = ""
    }

    /// A `replicas:` entry.
    package struct ReplicaSpec: Sendable {
        package var name = ""
        package var count: Node = .int(0)
    }

    /// A `replacements:` entry: inline, or a path to a file of replacements.
    package struct ReplacementEntry: Sendable {
        package var path = ""
        package var inline: Node?
    }

    /// A `vars:` entry.
    package struct VarSpec: Sendable {
        package var name = ""
        package var objref = ObjectReference()
        package var fieldPath = ""
    }

    /// The target of a var: an object reference.
    package struct ObjectReference: Sendable {
        package var group = ""
        package var version = ""
        package var kind = ""
        package var name = ""
        package var namespace = ""
        package var apiVersion = ""
    }

    /// `sortOptions`.
    package struct SortOptions: Sendable {
        package var order = ""
        package var orderFirst: [String]?
        package var orderLast: [String]?
        package var hasLegacyOptions = false
    }

    /// A `configMapGenerator` or `secretGenerator` entry.
    package struct GeneratorArgs: Sendable {
        package var name = ""
        package var namespace = ""
        package var behavior = ""
        package var literals: [String] = []
        package var files: [String] = []
        package var envs: [String] = []
        package var type = ""
        package var options: GeneratorOptions?
    }

    /// `generatorOptions`, global or per generator.
    package struct GeneratorOptions: Sendable {
        package var labels: [(key: String, value: String)] = []
        package var annotations: [(key: String, value: String)] = []
        package var disableNameSuffixHash: Bool?
        package var immutable: Bool?
    }
}

/// A target selector of `patches`, `replacements` and the like.
package struct Selector: Sendable, Equatable {
    package var group = ""
    package var version = ""
    package var kind = ""
    package var name = ""
    package var namespace = ""
    package var labelSelector = ""
    package var annotationSelector = ""

    package init() {}
}

/// One entry of a transformer configuration: the objects (by group, version,
/// kind) and the field path a transformer acts on.
package struct FieldSpec: Sendable, Equatable, Hashable {
    package var group = ""
    package var version = ""
    package var kind = ""
    package var path = "" {
        didSet { parts = FieldPath.split(path) }
    }
    package var create = false
    /// `path` split into its parts, kept so that walking it for every object splits it once.
    private(set) var parts: [String] = []

    package init(group: String = "", version: String = "", kind: String = "", path: String, create: Bool = false) {
        self.group = group
        self.version = version
        self.kind = kind
        self.path = path
        self.create = create
        self.parts = FieldPath.split(path)
    }
}
