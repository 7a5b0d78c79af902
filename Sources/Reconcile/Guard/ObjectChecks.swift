import Manifests

/// The checks of rendered objects that need nothing but the objects: each is
/// well formed (an apiVersion, a kind, a name the kind's apiserver accepts,
/// the fields the API server requires of workloads: `WorkloadRules`),
/// no two share an identity, and a protected environment holds no plaintext
/// Secret data. Pure; the caller says where each object came from.
package enum ObjectChecks {
    /// An object, and the file it was read from or made by (`""` when unknown).
    package typealias Located = (object: Node, origin: String)

    /// Every finding about `objects`, in their order, each with the index of
    /// the object it is about; `protected` adds the Secret rule.
    package static func check(_ objects: [Located], protected: Bool) -> [(index: Int, finding: Finding)] {
        var findings: [(index: Int, finding: Finding)] = []
        var seen: [ResourceID: String] = [:]
        for (index, (object, origin)) in objects.enumerated() {
            let problems = wellFormed(object)
            findings += problems.map { (index, Finding(.object, $0, file: origin)) }
            guard problems.isEmpty else { continue }
            let resource = Resource(object)
            var identity = resource.id
            // The version is not part of an object's identity: apps/v1 and
            // apps/v1beta1 Deployments of one name are one object in the cluster.
            identity.version = ""
            if let first = seen[identity] {
                let place = first.isEmpty ? "" : " (first in '\(first)')"
                findings.append((index, Finding(.duplicate, "\(shown(resource)) is declared twice\(place); keep one", file: origin)))
            } else {
                seen[identity] = origin
            }
            if protected, let field = plaintextSecretField(object) {
                findings.append((index, Finding(.plaintextSecret,
                    "\(shown(resource)) has plaintext '\(field)' in a protected environment; encrypt the file with SOPS (git ops secret) or move the value out of git",
                    file: origin)))
            }
        }
        return findings
    }

    /// What is wrong with `object`'s apiVersion, kind, name and required fields, none when it is well formed.
    package static func wellFormed(_ object: Node) -> [String] {
        guard object.mapping != nil else { return ["a Kubernetes object must be a mapping"] }
        let resource = Resource(object)
        var problems: [String] = []
        if object["apiVersion"]?.scalar == nil || resource.apiVersion.isEmpty {
            problems.append("an object has no 'apiVersion'; every object needs one, such as apiVersion: v1")
        }
        if object["kind"]?.scalar == nil || resource.kind.isEmpty {
            problems.append("an object has no 'kind'; every object needs one, such as kind: ConfigMap")
        }
        guard problems.isEmpty else { return problems }
        let name = resource.name
        guard !name.isEmpty else { return ["\(resource.kind) has no 'metadata.name'"] }
        let group = ResourceID.split(apiVersion: resource.apiVersion).group
        let rule = NameValidation.builtin(group: group, kind: resource.kind)
        if let reason = rule.errors(for: name, in: object).first {
            problems.append("\(shown(resource)) has a name Kubernetes refuses: \(reason)")
        }
        if WorkloadRules.applies(group: group, kind: resource.kind) {
            problems += WorkloadRules.problems(object, kind: resource.kind).map { problem in
                "\(shown(resource)) is refused by Kubernetes: \(problem.field): \(problem.message)"
            }
        }
        return problems
    }

    /// `data` or `stringData` of a Secret with at least one value, unless the
    /// object is SOPS-encrypted (its values are then ciphertext).
    static func plaintextSecretField(_ object: Node) -> String? {
        guard Resource(object).kind == "Secret", ResourceID.split(apiVersion: Resource(object).apiVersion).group.isEmpty,
              object["sops"] == nil else { return nil }
        for field in ["data", "stringData"] {
            if let values = object[field]?.mapping, !values.entries.isEmpty { return field }
        }
        return nil
    }

    /// `Kind/namespace/name`, or `Kind/name` for an object without a namespace.
    static func shown(_ resource: Resource) -> String {
        resource.namespace.isEmpty ? "\(resource.kind)/\(resource.name)" : "\(resource.kind)/\(resource.namespace)/\(resource.name)"
    }
}
