import Manifests

extension Kustomization {
    /// The file names kustomize recognises, in its order.
    package static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// Decodes the text of a kustomization file; `file` names it in errors.
    package static func decode(_ bytes: [UInt8], file: String) throws -> Kustomization {
        let first: Node?
        do {
            // kustomize decodes the first document alone (an empty one included):
            // whatever follows it is never parsed.
            first = try YAMLParser(source: file, yaml11: true, lastKeyWins: true).parseFirstDocument(bytes)
        } catch let error as YAMLError {
            throw RenderError(.syntax, file: file, "invalid kustomization: line \(error.line): \(error.message)")
        }
        let root = first.flatMap { $0.isNull ? nil : $0 } ?? .emptyMapping
        guard let mapping = root.mapping else {
            throw RenderError(.kustomization, file: file, "invalid kustomization: the file must be a YAML mapping of fields")
        }
        let decoder = FieldDecoder(file: file)
        var result = Kustomization()
        var bases: [String] = []
        var imageTags: [ImageSpec] = []
        var meaningful = false
        var deprecated = Set<String>()
        for entry in mapping.entries {
            // Go's JSON decoding matches field names regardless of case.
            let field = Self.canonicalFields[entry.key.value.lowercased()] ?? entry.key.value
            let value = entry.value
            if field != "apiVersion" && field != "kind" && field != "metadata" && !value.isNull { meaningful = true }
            switch field {
            case "apiVersion": result.apiVersion = try decoder.string(value, field)
            case "kind": result.kind = try decoder.string(value, field)
            case "metadata": _ = try decoder.mapping(value, field)
            case "openapi": result.openAPI = try decoder.stringMap(value, field)
            case "namePrefix": result.namePrefix = try decoder.string(value, field)
            case "nameSuffix": result.nameSuffix = try decoder.string(value, field)
            case "namespace": result.namespace = try decoder.string(value, field)
            case "commonLabels":
                result.commonLabels = try decoder.stringMap(value, field)
                if !value.isNull { deprecated.insert(field) }
            case "labels": result.labels = try decoder.list(value, field) { try decoder.labelSet($0, $1) }
            case "commonAnnotations": result.commonAnnotations = try decoder.stringMap(value, field)
            case "patchesStrategicMerge":
                result.patchesStrategicMerge = try decoder.stringList(value, field)
                if !value.isNull { deprecated.insert(field) }
            case "patchesJson6902":
                result.patchesJson6902 = try decoder.list(value, field) { try decoder.patch($0, $1) }
                if !value.isNull { deprecated.insert(field) }
            case "patches": result.patches = try decoder.list(value, field) { try decoder.patch($0, $1) }
            case "images": result.images = try decoder.list(value, field) { try decoder.image($0, $1) }
            case "imageTags":
                imageTags = try decoder.list(value, field) { try decoder.image($0, $1) }
                if !value.isNull { deprecated.insert(field) }
            case "replacements": result.replacements = try decoder.list(value, field) { try decoder.replacement($0, $1) }
            case "replicas": result.replicas = try decoder.list(value, field) { try decoder.replica($0, $1) }
            case "vars":
                result.vars = try decoder.list(value, field) { try decoder.variable($0, $1) }
                if !value.isNull { deprecated.insert(field) }
            case "sortOptions": result.sortOptions = try decoder.sortOptions(value, field)
            case "resources": result.resources = try decoder.stringList(value, field)
            case "components": result.components = try decoder.stringList(value, field)
            case "crds": result.crds = try decoder.stringList(value, field)
            case "bases":
                bases = try decoder.stringList(value, field)
                if !value.isNull { deprecated.insert(field) }
            case "configMapGenerator":
                result.configMapGenerator = try decoder.list(value, field) { try decoder.generatorArgs($0, $1, secret: false) }
            case "secretGenerator":
                result.secretGenerator = try decoder.list(value, field) { try decoder.generatorArgs($0, $1, secret: true) }
            case "generatorOptions": result.generatorOptions = try decoder.generatorOptions(value, field)
            case "configurations": result.configurations = try decoder.stringList(value, field)
            case "generators": result.generators = try decoder.stringList(value, field)
            case "transformers": result.transformers = try decoder.stringList(value, field)
            case "validators": result.validators = try decoder.stringList(value, field)
            case "buildMetadata": result.buildMetadata = try decoder.stringList(value, field)
            case "helmCharts", "helmGlobals", "helmChartInflationGenerator":
                throw RenderError(.kustomization, file: file,
                                  "field '\(field)' is not supported: git-ops renders only local files; render the chart with 'helm template' and commit its output as resources")
            case "inventory":
                throw RenderError(.kustomization, file: file, "field 'inventory' is not supported: git-ops tracks what it applied itself (ApplySet labels)")
            default:
                throw RenderError(.kustomization, file: file, "invalid kustomization: json: unknown field \"\(field)\"")
            }
        }
        if result.kind.isEmpty { result.kind = "Kustomization" }
        guard result.kind == "Kustomization" || result.kind == "Component" else {
            throw RenderError(.kustomization, file: file, "kind should be Kustomization or Component")
        }
        let requiredVersion = result.isComponent ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1"
        if !result.apiVersion.isEmpty && result.apiVersion != requiredVersion {
            throw RenderError(.kustomization, file: file, "apiVersion for \(result.kind) should be \(requiredVersion)")
        }
        if !meaningful {
            throw RenderError(.kustomization, file: file, "kustomization.yaml is empty")
        }
        result.resources += bases
        result.images += imageTags
        // kustomize checks the deprecated fields in a fixed order, whatever the file's.
        for (field, replacement) in Self.deprecatedFields where deprecated.contains(field) {
            result.warnings.append(Self.deprecation(field, replacement))
        }
        return result
    }

    /// The deprecated fields and what replaces them, in the order kustomize warns about them.
    static let deprecatedFields = [
        ("bases", "resources"), ("commonLabels", "labels"), ("imageTags", "images"),
        ("patchesJson6902", "patches"), ("patchesStrategicMerge", "patches"), ("vars", "replacements"),
    ]

    static let knownFields = [
        "apiVersion", "kind", "metadata", "openapi", "namePrefix", "nameSuffix", "namespace", "commonLabels", "labels",
        "commonAnnotations", "patchesStrategicMerge", "patchesJson6902", "patches", "images", "imageTags", "replacements",
        "replicas", "vars", "sortOptions", "resources", "components", "crds", "bases", "configMapGenerator",
        "secretGenerator", "generatorOptions", "configurations", "generators", "transformers", "validators",
        "buildMetadata", "helmCharts", "helmGlobals", "helmChartInflationGenerator", "inventory",
    ]

    static let canonicalFields: [String: String] = Dictionary(
        knownFields.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })

    static func deprecation(_ field: String, _ replacement: String) -> String {
        // kustomize marks the one replacement it still calls experimental.
        let experimental = replacement == "replacements" ? " [EXPERIMENTAL]" : ""
        return "# Warning: '\(field)' is deprecated. Please use '\(replacement)' instead.\(experimental) Run 'kustomize edit fix' to update your Kustomization automatically."
    }
}
