import Manifests

/// `vars`: `$(NAME)` in the var reference fields (container command, args,
/// env values, ...) becomes the value of a field of a declared object.
///
/// kustomize binds each var to its object when the declaring kustomization is
/// done (by exact group, version, kind and name, against any id the object has
/// had), so later renames are followed; the values are read and substituted
/// once, at the end of the build.
struct VarResolver {
    let vars: [Accumulator.Variable]
    let fieldSpecs: [FieldSpec]

    /// Adds a kustomization's vars to the build, bound to their objects.
    static func declare(_ specs: [Kustomization.VarSpec], file: String, in accumulator: inout Accumulator) throws {
        guard !specs.isEmpty else { return }
        var declared: [Accumulator.Variable] = []
        for spec in specs {
            var variable = Accumulator.Variable(spec: spec, file: file)
            let objref = Self.objectID(spec)
            // An objref without a namespace matches any namespace. With one, it
            // compares as kustomize compares namespaces (empty is `default`);
            // kustomize never looks the objref's kind up in the schema, so a
            // namespace on it never matches a cluster-scoped object.
            let namespace = objref.namespace
            let matched = accumulator.resources.items.filter { item in
                item.allIDs.contains { id in
                    id.name == objref.name && id.kind == objref.kind && id.group == objref.group && id.version == objref.version
                        && (namespace.isEmpty || ResourceScope.effectiveNamespace(id) == namespace)
                }
            }
            if matched.count > 1 {
                throw RenderError(.build, file: file,
                                  "found \(matched.count) resId matches for var \(Self.describe(spec)) (unable to disambiguate); set 'objref.namespace'")
            }
            variable.target = matched.first?.id
            declared.append(variable)
        }
        for variable in declared {
            if accumulator.vars.contains(where: { $0.spec.name == variable.spec.name }) {
                throw RenderError(.kustomization, file: file, "var '\(variable.spec.name)' already encountered; var names must be unique in a build")
            }
            accumulator.vars.append(variable)
        }
    }

    /// The id an objref names; `apiVersion` wins over `group` and `version`.
    static func objectID(_ spec: Kustomization.VarSpec) -> ResourceID {
        var group = spec.objref.group
        var version = spec.objref.version
        if !spec.objref.apiVersion.isEmpty {
            let parts = spec.objref.apiVersion.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 2 {
                group = String(parts[0])
                version = String(parts[1])
            } else if parts.count == 1 {
                version = String(parts[0])
            }
        }
        return ResourceID(group: group, version: version, kind: spec.objref.kind,
                          namespace: spec.objref.namespace, name: spec.objref.name)
    }

    static func fieldPath(_ spec: Kustomization.VarSpec) -> String {
        spec.fieldPath.isEmpty ? "metadata.name" : spec.fieldPath
    }

    /// kustomize's spelling of a var: `{NAME Kind.version.group {fieldPath}}`.
    static func describe(_ spec: Kustomization.VarSpec) -> String {
        let id = objectID(spec)
        let gvk = "\(id.kind.isEmpty ? "[noKind]" : id.kind).\(id.version.isEmpty ? "[noVer]" : id.version).\(id.group.isEmpty ? "[noGrp]" : id.group)"
        return "{\(spec.name) \(gvk) {\(fieldPath(spec))}}"
    }

    /// Substitutes the vars in every var reference field of every object.
    func apply(to resources: inout ResourceMap) throws {
        guard !vars.isEmpty else { return }
        var values: [String: VarValue] = [:]
        for variable in vars.sorted(by: { $0.spec.name < $1.spec.name }) {
            values[variable.spec.name] = try value(of: variable, in: resources)
        }
        let expander = VarExpander(values: values)
        try resources.modifyAll { resource in
            let id = ResourceMap.describe(resource.id)
            for spec in fieldSpecs {
                do {
                    try FieldPath.visit(&resource.object, spec) { node in try expander.expand(&node) }
                } catch let error as VarExpander.ExpansionError {
                    throw RenderError(.build, file: resource.origin,
                                      "considering field '\(spec.path)' of object \(id): \(error.message)")
                }
            }
        }
    }

    /// The value of a var: the field of the object it was bound to.
    func value(of variable: Accumulator.Variable, in resources: ResourceMap) throws -> VarValue {
        let spec = variable.spec
        guard let target = variable.target,
              let item = resources.items.first(where: { $0.allIDs.contains(target) }) else {
            throw RenderError(.build, file: variable.file,
                              "var '\(Self.describe(spec))' cannot be mapped to a field in the set of known resources; check 'objref' (kind, name and apiVersion must match exactly)")
        }
        let notFound = RenderError(.build, file: variable.file,
                                   "field specified in var '\(Self.describe(spec))' not found in corresponding resource")
        let node: Node?
        do {
            node = try ReplacementPath.lookup(item.object, Self.lookupPath(Self.fieldPath(spec)))
        } catch {
            throw notFound
        }
        guard let node else { throw notFound }
        guard let value = VarValue(node) else { throw notFound }
        return value
    }

    /// A var's field path: split at dots, `name[2]` read as `name.2`.
    static func lookupPath(_ fieldPath: String) -> [String] {
        var parts: [String] = []
        for piece in fieldPath.split(separator: ".", omittingEmptySubsequences: false) {
            if piece.hasSuffix("]"), let open = piece.lastIndex(of: "[") {
                let digits = piece[piece.index(after: open)..<piece.index(before: piece.endIndex)]
                if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    if open > piece.startIndex { parts.append(String(piece[..<open])) }
                    parts.append(String(digits))
                    continue
                }
            }
            parts.append(String(piece))
        }
        return parts
    }
}
