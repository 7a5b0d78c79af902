import Manifests

/// Where a resource, or a transformation applied to it, came from: kustomize's
/// `resource.Origin`, which `buildMetadata: [originAnnotations]` and
/// `[transformerAnnotations]` print in the `config.kubernetes.io/origin` and
/// `alpha.config.kubernetes.io/transformations` annotations.
///
/// kustomize keeps both in the objects' annotations for the whole build (so
/// transformers see them, as they do in kustomize) and removes the ones not
/// asked for at the end.
struct Origin: Equatable {
    /// The object a generator or transformer was configured by.
    struct Reference: Equatable {
        var apiVersion = ""
        var kind = ""
        var name = ""
        var namespace = ""
    }

    static let annotation = "config.kubernetes.io/origin"
    static let transformationsAnnotation = "alpha.config.kubernetes.io/transformations"

    /// The file a resource was read from, relative to the directory being built.
    var path = ""
    var repo = ""
    var ref = ""
    /// The file holding the generator or transformer configuration.
    var configuredIn = ""
    var configuredBy = Reference()

    /// A built-in generator or transformer configured by a kustomization field.
    static func builtin(_ kind: String, configuredIn file: String) -> Origin {
        Origin(configuredIn: file, configuredBy: Reference(apiVersion: "builtin", kind: kind))
    }

    /// kustomize's `OriginFromCustomPlugin`: a generator or transformer
    /// configured by a plugin config object; nil when the config has no origin
    /// (origins are not tracked in this build).
    static func ofPlugin(_ config: Node) -> Origin? {
        guard let text = BuildResource.text(of: config[path: ["metadata", "annotations", annotation]]) else { return nil }
        let own = parse(text)
        return Origin(repo: own.repo, ref: own.ref, configuredIn: own.path,
                      configuredBy: Reference(apiVersion: config["apiVersion"]?.text ?? "", kind: config["kind"]?.text ?? "",
                                              name: config[path: ["metadata", "name"]]?.text ?? "",
                                              namespace: config[path: ["metadata", "namespace"]]?.text ?? ""))
    }

    /// The fields of an origin annotation this renderer wrote (`path`, `repo`, `ref`).
    static func parse(_ text: String) -> Origin {
        var origin = Origin()
        for line in text.split(separator: "\n") where !line.hasPrefix(" ") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            var value = line[line.index(after: colon)...].drop { $0 == " " }
            if value.hasPrefix("\"") || value.hasPrefix("'") {
                value = value.dropFirst().dropLast()
            }
            switch key {
            case "path": origin.path = String(value)
            case "repo": origin.repo = String(value)
            case "ref": origin.ref = String(value)
            default: break
            }
        }
        return origin
    }

    /// The origin as kyaml marshals it: fields in declaration order, empty ones left out.
    var yaml: String { lines(indent: "").joined() }

    /// One element of the transformations list.
    var listItem: String {
        lines(indent: "  ").enumerated().map { $0.offset == 0 ? "- " + $0.element.dropFirst(2) : $0.element }.joined()
    }

    func lines(indent: String) -> [String] {
        var result: [String] = []
        func add(_ key: String, _ value: String, _ prefix: String) {
            if !value.isEmpty { result.append("\(prefix)\(key): \(Self.scalar(value))\n") }
        }
        add("path", path, indent)
        add("repo", repo, indent)
        add("ref", ref, indent)
        add("configuredIn", configuredIn, indent)
        if configuredBy != Reference() {
            result.append("\(indent)configuredBy:\n")
            add("apiVersion", configuredBy.apiVersion, indent + "  ")
            add("kind", configuredBy.kind, indent + "  ")
            add("name", configuredBy.name, indent + "  ")
            add("namespace", configuredBy.namespace, indent + "  ")
        }
        return result
    }

    /// A string as a YAML scalar: plain when it reads back as the same string.
    static func scalar(_ text: String) -> String {
        let safe = !text.isEmpty && !text.hasPrefix("-") && !text.hasPrefix(".") && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "/"):
                return true
            default:
                return false
            }
        }
        if safe {
            // go-yaml v3 (kyaml) quotes what reads back as another type, and the
            // booleans of YAML 1.1 (`y`, `n`, `on`, ...).
            let quoted = ScalarResolver.resolvePlain(text) != .string || ScalarResolver.needsQuotingV2(text)
                && ScalarResolver.resolvePlainV2(text) == .bool
            return quoted ? "\"\(text)\"" : text
        }
        guard let quoted = try? YAMLEmitter.document(.string(text)) else { return text }
        return String(quoted.dropLast())
    }

    /// kustomize's `path.Join` of origin paths, done on tree paths: `target`
    /// relative to the build's root directory.
    static func relativePath(_ target: String, from root: String) -> String {
        let rootParts = root.split(separator: "/")
        let targetParts = target.split(separator: "/")
        var common = 0
        while common < rootParts.count, common < targetParts.count, rootParts[common] == targetParts[common] { common += 1 }
        let ups = Array(repeating: Substring(".."), count: rootParts.count - common)
        return (ups + targetParts[common...]).joined(separator: "/")
    }
}

extension BuildResource {
    /// Sets the origin annotation (kustomize's `SetOrigin`).
    mutating func setOrigin(_ origin: Origin) {
        object[path: ["metadata", "annotations", Origin.annotation]] = .string(origin.yaml)
    }

    var hasOrigin: Bool { object[path: ["metadata", "annotations", Origin.annotation]] != nil }

    /// kustomize's `AddTransformerAnnotation` for one resource: a resource
    /// without an origin was made by the transformer and gets it as its
    /// origin; any other records it as one more transformation.
    mutating func noteTransformation(_ origin: Origin) {
        guard hasOrigin else {
            setOrigin(origin)
            return
        }
        let key = ["metadata", "annotations", Origin.transformationsAnnotation]
        let existing = BuildResource.text(of: object[path: key]) ?? ""
        object[path: key] = .string(existing + origin.listItem)
    }

    /// Removes one of the origin annotations, and `annotations` with it when it becomes empty.
    mutating func removeAnnotation(_ key: String) {
        guard object[path: ["metadata", "annotations", key]] != nil else { return }
        object[path: ["metadata", "annotations", key]] = nil
        if object[path: ["metadata", "annotations"]]?.mapping?.isEmpty == true {
            object[path: ["metadata", "annotations"]] = nil
        }
    }
}
