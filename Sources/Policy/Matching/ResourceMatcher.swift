import Manifests

/// An object as a rule's `match` and `exclude` see it.
package struct PolicySubject: Sendable {
    package var object: Node
    package var group: String
    package var version: String
    package var kind: String
    package var name: String
    /// The object's namespace, `default` when a namespaced object names none; "" for cluster-scoped kinds.
    package var namespace: String
    package var labels: [String: String]
    package var annotations: [(key: String, value: String)]
    /// The labels of the object's namespace, when the objects checked hold it.
    package var namespaceLabels: [String: String]

    package init(_ object: Node, namespaceLabels: [String: String] = [:]) {
        self.object = object
        let apiVersion = object["apiVersion"]?.text ?? ""
        if let slash = apiVersion.lastIndex(of: "/") {
            group = String(apiVersion[..<slash])
            version = String(apiVersion[apiVersion.index(after: slash)...])
        } else {
            group = ""
            version = apiVersion
        }
        kind = object["kind"]?.text ?? ""
        let metadata = object["metadata"]
        name = metadata?["name"]?.text ?? ""
        if name.isEmpty { name = metadata?["generateName"]?.text ?? "" }
        let written = metadata?["namespace"]?.text ?? ""
        if ClusterScope.isClusterScoped(group: group, kind: kind) {
            namespace = written
        } else {
            namespace = written.isEmpty ? "default" : written
        }
        labels = [:]
        for entry in metadata?["labels"]?.mapping?.entries ?? [] { labels[entry.key.value] = entry.value.text ?? "" }
        annotations = (metadata?["annotations"]?.mapping?.entries ?? []).map { ($0.key.value, $0.value.text ?? "") }
        self.namespaceLabels = namespaceLabels
    }
}

/// The built-in kinds that have no namespace.
package enum ClusterScope {
    static let kinds: [String: Set<String>] = [
        "": ["Namespace", "Node", "PersistentVolume", "ComponentStatus"],
        "rbac.authorization.k8s.io": ["ClusterRole", "ClusterRoleBinding"],
        "apiextensions.k8s.io": ["CustomResourceDefinition"],
        "admissionregistration.k8s.io": ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
                                         "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"],
        "apiregistration.k8s.io": ["APIService"],
        "storage.k8s.io": ["StorageClass", "CSIDriver", "CSINode", "VolumeAttachment"],
        "scheduling.k8s.io": ["PriorityClass"],
        "node.k8s.io": ["RuntimeClass"],
        "networking.k8s.io": ["IngressClass"],
        "certificates.k8s.io": ["CertificateSigningRequest"],
        "flowcontrol.apiserver.k8s.io": ["FlowSchema", "PriorityLevelConfiguration"],
        "kyverno.io": ["ClusterPolicy"],
    ]

    /// True for a built-in cluster-scoped kind.
    package static func isClusterScoped(group: String, kind: String) -> Bool {
        kinds[group]?.contains(kind) ?? false
    }
}

/// Whether a rule applies to an object (`utils.MatchesResourceDescription`),
/// for an object being created with no admission request: user, role and
/// subject conditions are left out of `match` and never exclude.
enum ResourceMatcher {
    /// The operation an object about to be applied is checked for.
    static let operation = "CREATE"

    static func matches(_ rule: PolicyRule, _ subject: PolicySubject, policyNamespace: String?) -> Bool {
        if let policyNamespace, policyNamespace != subject.namespace { return false }
        let match = rule.match
        if !match.any.isEmpty {
            guard match.any.contains(where: { matchErrors($0, subject) == 0 }) else { return false }
        } else if !match.all.isEmpty {
            guard match.all.allSatisfy({ matchErrors($0, subject) == 0 }) else { return false }
        } else {
            guard matchErrors(match.resources ?? ResourceDescription(), subject) == 0 else { return false }
        }
        guard let exclude = rule.exclude, !exclude.isEmpty else { return true }
        if !exclude.any.isEmpty {
            return !exclude.any.contains { excludes($0, subject) }
        } else if !exclude.all.isEmpty {
            return !exclude.all.allSatisfy { excludes($0, subject) }
        } else if let resources = exclude.resources {
            return !excludes(resources, subject)
        }
        return true
    }

    /// How many conditions of a match filter `subject` fails; an empty filter fails.
    static func matchErrors(_ filter: ResourceDescription, _ subject: PolicySubject) -> Int {
        guard !filter.isEmpty else { return 1 }
        return failures(filter, subject)
    }

    /// True when an exclude filter excludes `subject`: every condition it has
    /// holds. A filter naming only users never excludes without a request.
    static func excludes(_ filter: ResourceDescription, _ subject: PolicySubject) -> Bool {
        if filter.isEmpty { return false }
        if filter.namesUsers { return false }
        return failures(filter, subject) == 0
    }

    static func failures(_ filter: ResourceDescription, _ subject: PolicySubject) -> Int {
        if !filter.operations.isEmpty, !filter.operations.contains(operation) { return 1 }
        var count = 0
        if !filter.kindSelectors.isEmpty, !filter.kindSelectors.contains(where: {
            $0.selects(group: subject.group, version: subject.version, kind: subject.kind)
        }) { count += 1 }
        if !filter.name.isEmpty, !Wildcard.match(filter.name, subject.name) { count += 1 }
        if !filter.names.isEmpty, !filter.names.contains(where: { Wildcard.match($0, subject.name) }) { count += 1 }
        if !filter.namespaces.isEmpty {
            let namespace = subject.kind == "Namespace" ? subject.name : subject.namespace
            if !filter.namespaces.contains(where: { Wildcard.match($0, namespace) }) { count += 1 }
        }
        if let annotations = filter.annotations, !annotations.isEmpty {
            let all = annotations.allSatisfy { expected in
                subject.annotations.contains { Wildcard.match(expected.key, $0.key) && Wildcard.match(expected.value, $0.value) }
            }
            if !all { count += 1 }
        }
        if let selector = filter.selector, !selects(selector, subject.labels) { count += 1 }
        if let selector = filter.namespaceSelector {
            if subject.kind == "Namespace" {
                count += 1
            } else if !subject.kind.isEmpty, !selects(selector, subject.namespaceLabels) {
                count += 1
            }
        }
        return count
    }

    /// A selector against labels; wildcards in `matchLabels` first take the
    /// first label they match (`wildcards.ReplaceInSelector`).
    static func selects(_ pattern: LabelSelectorPattern, _ labels: [String: String]) -> Bool {
        var matchLabels = Mapping()
        for (key, value) in pattern.matchLabels {
            var (newKey, newValue) = (key, value)
            if Wildcard.containsWildcard(key) || Wildcard.containsWildcard(value) {
                if let found = labels.sorted(by: { $0.key < $1.key }).first(where: { Wildcard.match(key, $0.key) && Wildcard.match(value, $0.value) }) {
                    (newKey, newValue) = (found.key, found.value)
                } else {
                    newKey = key.replacingWildcards()
                    newValue = value.replacingWildcards()
                }
            }
            matchLabels[newKey] = .string(newValue)
        }
        var node = Mapping()
        if !matchLabels.isEmpty { node["matchLabels"] = .mapping(matchLabels) }
        if let expressions = pattern.expressions { node["matchExpressions"] = expressions }
        return LabelSelector(node: .mapping(node)).matches(labels)
    }
}

extension String {
    /// `*` and `?` replaced by `0`, as Kyverno does to a selector wildcard that matched no label.
    func replacingWildcards() -> String {
        String(map { $0 == "*" || $0 == "?" ? "0" : $0 })
    }
}
