import Manifests

/// What a build has gathered so far: resources, the transformer
/// configuration in force, and the vars declared on the way.
struct Accumulator {
    /// A declared var and the kustomization file that declared it.
    struct Variable {
        var spec: Kustomization.VarSpec
        var file: String
        /// The id of the object the var was bound to when declared; nil when none matched.
        var target: ResourceID? = nil
    }

    var resources = ResourceMap()
    var config = TransformerConfig()
    var vars: [Variable] = []

    /// Takes in a base's result: its resources (ids must not clash), configuration and vars.
    mutating func merge(_ other: Accumulator) throws {
        try resources.append(contentsOf: other.resources)
        try config.merge(other.config)
        for variable in other.vars {
            if let existing = vars.first(where: { $0.spec.name == variable.spec.name }) {
                throw RenderError(.kustomization, file: variable.file,
                                  "var '\(variable.spec.name)' already encountered (declared in \(existing.file))")
            }
            vars.append(variable)
        }
    }
}

/// State shared by every kustomization of one build.
struct BuildContext {
    var warnings: [String] = []
    /// The OpenAPI schema strategic merge patches use (kustomize keeps it process-wide).
    var openAPI = OpenAPIState()
    /// The tree path of the directory being built when origins are tracked
    /// (the top kustomization has `buildMetadata`), nil otherwise.
    var originRoot: String?
    /// Whether the bases of a kustomization may be built on several threads
    /// (only at the top: a base's own bases are built in turn).
    var parallelBases = true
    /// Bases built before, shared by renders of the same tree; `nil` to build everything.
    var cache: RenderCache?
    /// A name for trees that have no content identity (a directory on disk).
    var treeName = ""
    /// Notes what the base being built reads, for the cache; nil when nothing is recorded.
    var recorder: DependencyRecorder?
    /// Whether SOPS files read as their plaintext: such builds are cached apart from others.
    var decrypting = false
    /// Set for a render by units, until the top kustomization's `resources:` take it.
    var unitPlan: UnitPlan?
}
