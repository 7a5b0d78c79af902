/// The fields kube-apiserver requires of the pod-template kinds of apps/v1
/// and batch/v1 (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job), in
/// its words: a selector (not for a Job, which makes its own) that matches
/// the template's labels, and at least one container, each with a name and
/// an image. Shared by the local cluster, which refuses such objects as
/// kube-apiserver does, and the push-time checks, which refuse them before
/// they reach one.
package enum WorkloadRules {
    /// One rule broken: the field as the API server names it, and its message.
    package struct Problem: Sendable, Equatable {
        package var field: String
        package var message: String
        /// `FieldValueRequired` rather than `FieldValueInvalid`.
        package var required: Bool
    }

    /// The kinds the rules apply to, each with its group.
    package static let kinds: [String: String] = [
        "Deployment": "apps", "StatefulSet": "apps", "DaemonSet": "apps", "ReplicaSet": "apps", "Job": "batch",
    ]

    /// Whether `kind` of API group `group` is one of them (not a custom kind of the same name).
    package static func applies(group: String, kind: String) -> Bool {
        kinds[kind] == group
    }

    /// What `object` of `kind` breaks, in the order the API server checks.
    package static func problems(_ object: Node, kind: String) -> [Problem] {
        var problems: [Problem] = []
        var templateLabels: [String: String] = [:]
        for entry in object[path: ["spec", "template", "metadata", "labels"]]?.mapping?.entries ?? [] {
            templateLabels[entry.key.value] = entry.value.text ?? ""
        }
        if let selector = object[path: ["spec", "selector"]] {
            if !LabelSelector(node: selector).matches(templateLabels) {
                let shown = templateLabels.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ", ")
                problems.append(Problem(field: "spec.template.metadata.labels",
                                        message: "Invalid value: map[string]string{\(shown)}: `selector` does not match template `labels`",
                                        required: false))
            }
        } else if kind != "Job" {
            problems.append(Problem(field: "spec.selector", message: "Required value", required: true))
        }
        let containers = object[path: ["spec", "template", "spec", "containers"]]?.sequence ?? []
        if containers.isEmpty {
            problems.append(Problem(field: "spec.template.spec.containers", message: "Required value", required: true))
        }
        for (index, container) in containers.enumerated() {
            for field in ["name", "image"] where (container[field]?.string ?? "").isEmpty {
                problems.append(Problem(field: "spec.template.spec.containers[\(index)].\(field)", message: "Required value", required: true))
            }
        }
        return problems
    }
}
