import Manifests

/// Reads Kyverno policies from parsed YAML documents, refusing what the
/// engine does not implement (JMESPath variables, `context`,
/// `preconditions`, `deny`, `mutate`, `generate`, `verifyImages`, CEL,
/// `podSecurity`) with the rule and the feature named, so that no rule is
/// ever passed silently.
package enum PolicyLoader {
    /// The policies of `documents`, read from `file`. Documents of other kinds
    /// are an error: a policy path holds policies.
    package static func policies(_ documents: [Node], file: String) throws(PolicyError) -> [KyvernoPolicy] {
        var result: [KyvernoPolicy] = []
        for document in documents {
            if case .scalar(let scalar) = document, scalar.tag == .null { continue }
            guard document.mapping != nil else {
                throw PolicyError(file: file, "a document is not a mapping; a policy file holds Kyverno ClusterPolicy or Policy documents")
            }
            result.append(try policy(document, file: file))
        }
        return result
    }

    /// One `ClusterPolicy` or `Policy` document.
    package static func policy(_ document: Node, file: String) throws(PolicyError) -> KyvernoPolicy {
        let apiVersion = document["apiVersion"]?.text ?? ""
        let kind = document["kind"]?.text ?? ""
        let name = document["metadata"]?["name"]?.text ?? ""
        guard apiVersion.hasPrefix("kyverno.io/"), kind == "ClusterPolicy" || kind == "Policy" else {
            if apiVersion.hasPrefix("policies.kyverno.io/") {
                throw PolicyError(file: file, policy: name.isEmpty ? nil : name,
                    "\(kind) (\(apiVersion)) is a CEL policy, which git-ops does not evaluate; write it as a kyverno.io/v1 ClusterPolicy with validate patterns")
            }
            let shown = kind.isEmpty ? "a document with no kind" : "\(kind) '\(name)' (\(apiVersion.isEmpty ? "no apiVersion" : apiVersion))"
            throw PolicyError(file: file, "\(shown) is not a Kyverno policy; policy paths hold kyverno.io/v1 ClusterPolicy and Policy documents")
        }
        guard !name.isEmpty else { throw PolicyError(file: file, "a \(kind) has no metadata.name") }
        guard let spec = document["spec"]?.mapping else {
            throw PolicyError(file: file, policy: name, "has no 'spec'")
        }
        var policy = KyvernoPolicy(name: name, namespace: nil, file: file, action: .audit, actionOverrides: [],
                                   applyFirstRuleOnly: false, rules: [])
        if kind == "Policy" {
            let namespace = document["metadata"]?["namespace"]?.text ?? ""
            policy.namespace = namespace.isEmpty ? "default" : namespace
        }
        if let text = spec["validationFailureAction"]?.text {
            guard let action = FailureAction(text: text) else {
                throw PolicyError(file: file, policy: name, "validationFailureAction '\(text)' is neither Audit nor Enforce")
            }
            policy.action = action
        }
        for (index, item) in (spec["validationFailureActionOverrides"]?.sequence ?? []).enumerated() {
            guard let text = item["action"]?.text, let action = FailureAction(text: text) else {
                throw PolicyError(file: file, policy: name, "validationFailureActionOverrides[\(index)].action must be Audit or Enforce")
            }
            let selector = try item["namespaceSelector"].map { node throws(PolicyError) in try labelSelector(node, file: file, policy: name, rule: nil) }
            let namespaces = try strings(item["namespaces"], file: file, policy: name, rule: nil,
                                         at: "validationFailureActionOverrides[\(index)].namespaces")
            policy.actionOverrides.append(ActionOverride(action: action, namespaces: namespaces, namespaceSelector: selector))
        }
        if let text = spec["applyRules"]?.text {
            guard text == "One" || text == "All" else { throw PolicyError(file: file, policy: name, "applyRules '\(text)' is neither One nor All") }
            policy.applyFirstRuleOnly = text == "One"
        }
        guard let rules = spec["rules"]?.sequence, !rules.isEmpty else {
            throw PolicyError(file: file, policy: name, "has no rules")
        }
        var written: [PolicyRule] = []
        var seen = Set<String>()
        for (index, ruleNode) in rules.enumerated() {
            let rule = try self.rule(ruleNode, index: index, file: file, policy: name)
            guard seen.insert(rule.name).inserted else {
                throw PolicyError(file: file, policy: name, rule: rule.name, "two rules share this name")
            }
            written.append(rule)
        }
        let controllers = document["metadata"]?["annotations"]?["pod-policies.kyverno.io/autogen-controllers"]?.text
        policy.rules = Autogen.rules(written, controllers: controllers)
        return policy
    }

    /// A rule's keys git-ops reads, and the features it refuses.
    static let refusedRuleKeys: [String: String] = [
        "context": "context entries (external data and variables)",
        "preconditions": "preconditions (JMESPath conditions)",
        "celPreconditions": "CEL preconditions",
        "mutate": "mutate rules",
        "generate": "generate rules",
        "verifyImages": "verifyImages rules",
        "imageExtractors": "image extractors",
    ]
    static let refusedValidateKeys: [String: String] = [
        "deny": "deny conditions (JMESPath)",
        "cel": "CEL expressions",
        "podSecurity": "podSecurity checks",
        "manifests": "manifest signature verification",
        "assert": "assertion trees",
    ]

    static func rule(_ node: Node, index: Int, file: String, policy: String) throws(PolicyError) -> PolicyRule {
        guard let map = node.mapping else { throw PolicyError(file: file, policy: policy, "rules[\(index)] is not a mapping") }
        guard let name = map["name"]?.text, !name.isEmpty else {
            throw PolicyError(file: file, policy: policy, "rules[\(index)] has no name")
        }
        for key in map.keys {
            if let feature = refusedRuleKeys[key] {
                throw PolicyError(file: file, policy: policy, rule: name,
                    "uses \(feature) ('\(key)'), which git-ops does not evaluate; only validate rules with pattern, anyPattern or foreach are supported")
            }
        }
        try refuseVariables(node, file: file, policy: policy, rule: name)
        guard let validate = map["validate"]?.mapping else {
            throw PolicyError(file: file, policy: policy, rule: name, "has no 'validate'; only validate rules are supported")
        }
        for key in validate.keys {
            if let feature = refusedValidateKeys[key] {
                throw PolicyError(file: file, policy: policy, rule: name,
                    "uses \(feature) ('validate.\(key)'), which git-ops does not evaluate; only pattern, anyPattern and foreach are supported")
            }
        }
        var validation = Validation(message: validate["message"]?.text ?? "", action: nil, check: .pattern(.emptyMapping))
        if let text = validate["failureAction"]?.text {
            guard let action = FailureAction(text: text) else {
                throw PolicyError(file: file, policy: policy, rule: name, "validate.failureAction '\(text)' is neither Audit nor Enforce")
            }
            validation.action = action
        }
        let checks = ["pattern", "anyPattern", "foreach"].filter { validate[$0] != nil }
        guard checks.count == 1 else {
            throw PolicyError(file: file, policy: policy, rule: name, checks.isEmpty
                ? "validate has none of pattern, anyPattern and foreach"
                : "validate has \(checks.joined(separator: " and ")); a rule has exactly one of them")
        }
        switch checks[0] {
        case "pattern":
            let pattern = validate["pattern"]!
            try checkPattern(pattern, file: file, policy: policy, rule: name, at: "validate.pattern")
            validation.check = .pattern(pattern)
        case "anyPattern":
            guard let patterns = validate["anyPattern"]?.sequence, !patterns.isEmpty else {
                throw PolicyError(file: file, policy: policy, rule: name, "validate.anyPattern must be a non-empty list of patterns")
            }
            for (index, pattern) in patterns.enumerated() {
                try checkPattern(pattern, file: file, policy: policy, rule: name, at: "validate.anyPattern[\(index)]")
            }
            validation.check = .anyPattern(patterns)
        default:
            guard let entries = validate["foreach"]?.sequence, !entries.isEmpty else {
                throw PolicyError(file: file, policy: policy, rule: name, "validate.foreach must be a non-empty list")
            }
            var loops: [ForEach] = []
            for (index, entry) in entries.enumerated() {
                loops.append(try forEach(entry, at: "validate.foreach[\(index)]", file: file, policy: policy, rule: name))
            }
            validation.check = .foreach(loops)
        }
        let match = try matchResources(map["match"], at: "match", file: file, policy: policy, rule: name)
        guard !match.isEmpty else {
            throw PolicyError(file: file, policy: policy, rule: name, "'match' selects nothing; name the kinds the rule checks (match.any[].resources.kinds)")
        }
        let exclude = try map["exclude"].map { node throws(PolicyError) in
            try matchResources(node, at: "exclude", file: file, policy: policy, rule: name)
        }
        return PolicyRule(name: name, generatedFrom: nil, match: match, exclude: exclude, validation: validation)
    }

    static func forEach(_ node: Node, at path: String, file: String, policy: String, rule: String) throws(PolicyError) -> ForEach {
        guard let map = node.mapping else { throw PolicyError(file: file, policy: policy, rule: rule, "\(path) is not a mapping") }
        for key in map.keys {
            switch key {
            case "list", "pattern", "anyPattern", "elementScope": continue
            case "deny": throw PolicyError(file: file, policy: policy, rule: rule, "\(path) uses deny conditions (JMESPath), which git-ops does not evaluate")
            case "context", "preconditions":
                throw PolicyError(file: file, policy: policy, rule: rule, "\(path) uses \(key), which git-ops does not evaluate")
            case "foreach": throw PolicyError(file: file, policy: policy, rule: rule, "\(path) nests foreach, which git-ops does not evaluate")
            default: throw PolicyError(file: file, policy: policy, rule: rule, "\(path) has an unknown key '\(key)'")
            }
        }
        guard let list = map["list"]?.text, !list.isEmpty else {
            throw PolicyError(file: file, policy: policy, rule: rule, "\(path) has no 'list'")
        }
        guard let steps = listPath(list) else {
            throw PolicyError(file: file, policy: policy, rule: rule,
                "\(path).list '\(list)' is a JMESPath expression; git-ops reads only a dotted path into the object, such as request.object.spec.containers")
        }
        let check: ForEach.Check
        if let pattern = map["pattern"], map["anyPattern"] == nil {
            try checkPattern(pattern, file: file, policy: policy, rule: rule, at: "\(path).pattern")
            check = .pattern(pattern)
        } else if let patterns = map["anyPattern"]?.sequence, map["pattern"] == nil, !patterns.isEmpty {
            for (index, pattern) in patterns.enumerated() {
                try checkPattern(pattern, file: file, policy: policy, rule: rule, at: "\(path).anyPattern[\(index)]")
            }
            check = .anyPattern(patterns)
        } else {
            throw PolicyError(file: file, policy: policy, rule: rule, "\(path) needs exactly one of pattern and anyPattern")
        }
        var elementScope: Bool?
        if let scope = map["elementScope"] { elementScope = scope.text == "true" }
        return ForEach(list: list, path: steps, check: check, elementScope: elementScope)
    }

    /// The keys of a `request.object.a.b` path, or `nil` when the list is anything else.
    static func listPath(_ list: String) -> [String]? {
        let parts = list.trimmingSpaces().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[0] == "request", parts[1] == "object" else { return nil }
        let steps = Array(parts.dropFirst(2))
        for step in steps {
            guard let first = step.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
                  step.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) })
            else { return nil }
        }
        return steps
    }

    /// A pattern must be a mapping (or, inside foreach, any value), hold no
    /// empty list, and no key Kyverno would read as a malformed anchor.
    static func checkPattern(_ pattern: Node, file: String, policy: String, rule: String, at path: String) throws(PolicyError) {
        switch pattern {
        case .mapping(let mapping):
            for entry in mapping.entries {
                let key = entry.key.value
                let trimmed = key.trimmingSpaces()
                if let first = trimmed.first, "(=X^<+".contains(first), trimmed.last == ")", Anchor(key) == nil {
                    throw PolicyError(file: file, policy: policy, rule: rule, "\(path).\(key) is a malformed anchor; write (key), =(key), X(key), ^(key) or <(key)")
                }
                if let anchor = Anchor(key), anchor.kind == .existence, entry.value.sequence == nil {
                    throw PolicyError(file: file, policy: policy, rule: rule, "\(path).\(key): an existence anchor ^() takes a list of patterns")
                }
                try checkPattern(entry.value, file: file, policy: policy, rule: rule, at: "\(path).\(key)")
            }
        case .sequence(let items):
            guard !items.isEmpty else {
                throw PolicyError(file: file, policy: policy, rule: rule, "\(path) is an empty list; a list pattern needs an element every item must match")
            }
            for (index, item) in items.enumerated() {
                try checkPattern(item, file: file, policy: policy, rule: rule, at: "\(path)[\(index)]")
            }
        case .scalar:
            break
        }
    }

    /// `{{ ... }}` anywhere in the rule: a JMESPath variable.
    static func refuseVariables(_ node: Node, file: String, policy: String, rule: String) throws(PolicyError) {
        func find(_ node: Node) -> String? {
            switch node {
            case .scalar(let scalar): return scalar.value.contains("{{") ? scalar.value : nil
            case .sequence(let items):
                for item in items { if let found = find(item) { return found } }
                return nil
            case .mapping(let mapping):
                for entry in mapping.entries {
                    if entry.key.value.contains("{{") { return entry.key.value }
                    if let found = find(entry.value) { return found }
                }
                return nil
            }
        }
        if let found = find(node) {
            throw PolicyError(file: file, policy: policy, rule: rule,
                "uses a JMESPath variable ('\(found.count > 60 ? String(found.prefix(57)) + "..." : found)'), which git-ops does not evaluate")
        }
    }

    static func matchResources(_ node: Node?, at path: String, file: String, policy: String, rule: String) throws(PolicyError) -> MatchResources {
        guard let node else { return MatchResources() }
        guard let map = node.mapping else { throw PolicyError(file: file, policy: policy, rule: rule, "'\(path)' is not a mapping") }
        var result = MatchResources()
        for (key, keyPath) in [("any", "\(path).any"), ("all", "\(path).all")] {
            guard let items = map[key] else { continue }
            guard let list = items.sequence else { throw PolicyError(file: file, policy: policy, rule: rule, "'\(keyPath)' is not a list") }
            var filters: [ResourceDescription] = []
            for (index, item) in list.enumerated() {
                var filter = try description(item["resources"], at: "\(keyPath)[\(index)].resources", file: file, policy: policy, rule: rule)
                filter.namesUsers = ["subjects", "roles", "clusterRoles"].contains { item[$0] != nil }
                filters.append(filter)
            }
            if key == "any" { result.any = filters } else { result.all = filters }
        }
        if map["resources"] != nil || ["subjects", "roles", "clusterRoles"].contains(where: { map[$0] != nil }) {
            var filter = try description(map["resources"], at: "\(path).resources", file: file, policy: policy, rule: rule)
            filter.namesUsers = ["subjects", "roles", "clusterRoles"].contains { map[$0] != nil }
            result.resources = filter
        }
        return result
    }

    static func description(_ node: Node?, at path: String, file: String, policy: String, rule: String) throws(PolicyError) -> ResourceDescription {
        var result = ResourceDescription()
        guard let node else { return result }
        guard node.mapping != nil else { throw PolicyError(file: file, policy: policy, rule: rule, "'\(path)' is not a mapping") }
        result.kinds = try strings(node["kinds"], file: file, policy: policy, rule: rule, at: "\(path).kinds")
        result.name = node["name"]?.text ?? ""
        result.names = try strings(node["names"], file: file, policy: policy, rule: rule, at: "\(path).names")
        result.namespaces = try strings(node["namespaces"], file: file, policy: policy, rule: rule, at: "\(path).namespaces")
        result.operations = try strings(node["operations"], file: file, policy: policy, rule: rule, at: "\(path).operations")
        if let annotations = node["annotations"] {
            guard let map = annotations.mapping else {
                throw PolicyError(file: file, policy: policy, rule: rule, "'\(path).annotations' is not a mapping")
            }
            result.annotations = map.entries.map { ($0.key.value, $0.value.text ?? "") }
        }
        if let selector = node["selector"] {
            result.selector = try labelSelector(selector, file: file, policy: policy, rule: rule)
        }
        if let selector = node["namespaceSelector"] {
            result.namespaceSelector = try labelSelector(selector, file: file, policy: policy, rule: rule)
        }
        return result
    }

    static func labelSelector(_ node: Node, file: String, policy: String, rule: String?) throws(PolicyError) -> LabelSelectorPattern {
        var result = LabelSelectorPattern()
        for entry in node["matchLabels"]?.mapping?.entries ?? [] {
            result.matchLabels.append((entry.key.value, entry.value.text ?? ""))
        }
        if let expressions = node["matchExpressions"] {
            for expression in expressions.sequence ?? [] {
                let op = expression["operator"]?.text ?? ""
                guard ["In", "NotIn", "Exists", "DoesNotExist"].contains(op) else {
                    throw PolicyError(file: file, policy: policy, rule: rule, "a selector's matchExpressions operator '\(op)' is not In, NotIn, Exists or DoesNotExist")
                }
            }
            result.expressions = expressions
        }
        return result
    }

    static func strings(_ node: Node?, file: String, policy: String, rule: String?, at path: String) throws(PolicyError) -> [String] {
        guard let node else { return [] }
        guard let items = node.sequence else { throw PolicyError(file: file, policy: policy, rule: rule, "'\(path)' is not a list") }
        return items.map { $0.text ?? "" }
    }
}
