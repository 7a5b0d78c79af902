import Manifests

/// Evaluates validate rules against objects, as Kyverno's engine does for an
/// object being created: each rule that matches gives pass, fail, skip or
/// error; a rule that does not match, or a foreach that finds no element,
/// gives nothing.
package struct PolicyEngine: Sendable {
    package var policies: [KyvernoPolicy]

    package init(policies: [KyvernoPolicy]) {
        self.policies = policies
    }

    /// Every result for `objects`. The labels of the Namespaces among them are
    /// what `namespaceSelector`s see.
    /// `namespaces` adds the labels of Namespaces that are not among the objects
    /// (those of the rest of an environment, when only part of it is checked).
    package func evaluate(_ objects: [Node], namespaces: [String: [String: String]] = [:]) -> [PolicyResult] {
        guard !policies.isEmpty else { return [] }
        let namespaceLabels = namespaces.merging(Self.namespaceLabels(objects)) { $1 }
        var results: [PolicyResult] = []
        for (index, object) in objects.enumerated() {
            var subject = PolicySubject(object)
            subject.namespaceLabels = namespaceLabels[subject.namespace] ?? [:]
            for policy in policies {
                results += evaluate(policy, subject, index: index)
            }
        }
        return results
    }

    /// The labels of each core Namespace among `objects`, by name.
    package static func namespaceLabels(_ objects: [Node]) -> [String: [String: String]] {
        var labels: [String: [String: String]] = [:]
        for object in objects where object["kind"]?.text == "Namespace" && (object["apiVersion"]?.text ?? "") == "v1" {
            let subject = PolicySubject(object)
            labels[subject.name] = subject.labels
        }
        return labels
    }

    /// The results of one policy's rules for one object.
    package func evaluate(_ policy: KyvernoPolicy, _ subject: PolicySubject, index: Int) -> [PolicyResult] {
        var results: [PolicyResult] = []
        for rule in policy.rules where ResourceMatcher.matches(rule, subject, policyNamespace: policy.namespace) {
            guard let (status, message) = Self.validate(rule, subject.object) else { continue }
            results.append(PolicyResult(policy: policy.displayName, rule: rule.name, sourceRule: rule.generatedFrom ?? rule.name,
                                        object: index, status: status, message: message,
                                        action: action(of: rule, in: policy, for: subject), file: policy.file))
            if policy.applyFirstRuleOnly { break }
        }
        return results
    }

    /// The rule's own action, else the policy's override for the object's namespace, else the policy's.
    func action(of rule: PolicyRule, in policy: KyvernoPolicy, for subject: PolicySubject) -> FailureAction {
        if let action = rule.validation.action { return action }
        for override in policy.actionOverrides {
            let namespaceMatches = override.namespaces.isEmpty || override.namespaces.contains { Wildcard.match($0, subject.namespace) }
            let selectorMatches = override.namespaceSelector.map { ResourceMatcher.selects($0, subject.namespaceLabels) } ?? true
            if namespaceMatches, selectorMatches, !(override.namespaces.isEmpty && override.namespaceSelector == nil) {
                return override.action
            }
        }
        return policy.action
    }

    /// The verdict of `rule`'s validation on `object`, with Kyverno's message;
    /// `nil` when a foreach checked no element.
    static func validate(_ rule: PolicyRule, _ object: Node) -> (PolicyResult.Status, String)? {
        let validation = rule.validation
        switch validation.check {
        case .pattern(let pattern):
            return Self.pattern(pattern, object, rule: rule)
        case .anyPattern(let patterns):
            return anyPattern(patterns, object, rule: rule)
        case .foreach(let loops):
            var applied = 0
            for loop in loops {
                guard let list = Self.list(loop.path, in: object) else { continue }
                for element in list {
                    if case .scalar(let scalar) = element, scalar.tag == .null { continue }
                    // A map element is matched alone; anything else against the whole object.
                    let scoped = loop.elementScope ?? (element.mapping != nil)
                    let target = scoped ? element : object
                    let verdict: (PolicyResult.Status, String)
                    switch loop.check {
                    case .pattern(let pattern): verdict = self.pattern(pattern, target, rule: rule)
                    case .anyPattern(let patterns): verdict = anyPattern(patterns, target, rule: rule)
                    }
                    switch verdict.0 {
                    case .skip: continue
                    case .pass: applied += 1
                    case .fail, .error: return (verdict.0, "validation failure: \(verdict.1)")
                    }
                }
            }
            return applied == 0 ? nil : (.pass, "rule passed")
        }
    }

    /// The elements at `path` of the object: a list's items, a single value as
    /// one element, `nil` when the path leads nowhere.
    static func list(_ path: [String], in object: Node) -> [Node]? {
        var node = object
        for key in path {
            guard let next = node.mapping?[key] else { return nil }
            node = next
        }
        switch node {
        case .sequence(let items): return items
        case .scalar(let scalar) where scalar.tag == .null: return nil
        default: return [node]
        }
    }

    static func pattern(_ pattern: Node, _ object: Node, rule: PolicyRule) -> (PolicyResult.Status, String) {
        switch PatternMatcher.match(object, pattern) {
        case .pass: return (.pass, "validation rule '\(rule.name)' passed.")
        case .skip(let message): return (.skip, message)
        case .fail(let path, _): return (.fail, errorMessage(rule, path: path, error: ""))
        case .error(let message): return (.error, errorMessage(rule, path: "", error: message))
        }
    }

    static func anyPattern(_ patterns: [Node], _ object: Node, rule: PolicyRule) -> (PolicyResult.Status, String) {
        var failed: [String] = []
        var skipped: [String] = []
        for (index, pattern) in patterns.enumerated() {
            switch PatternMatcher.match(object, pattern) {
            case .pass: return (.pass, "validation rule '\(rule.name)' anyPattern[\(index)] passed.")
            case .skip(let message): skipped.append("rule \(rule.name)[\(index)] skipped: \(message)")
            case .fail(let path, _): failed.append("rule \(rule.name)[\(index)] failed at path \(path)")
            case .error(let message): failed.append("rule \(rule.name)[\(index)] failed: \(message)")
            }
        }
        if failed.isEmpty, !skipped.isEmpty { return (.skip, skipped.joined(separator: " ")) }
        let errors = failed.joined(separator: " ")
        let message = rule.validation.message
        if message.isEmpty { return (.fail, "validation error: \(errors)") }
        return (.fail, message.hasSuffix(".") ? "validation error: \(message) \(errors)" : "validation error: \(message). \(errors)")
    }

    /// Kyverno's failure message: the rule's message, the rule and the path.
    static func errorMessage(_ rule: PolicyRule, path: String, error: String) -> String {
        var message = rule.validation.message
        if message.isEmpty {
            return path.isEmpty ? "validation error: rule \(rule.name) execution error: \(error)"
                : "validation error: rule \(rule.name) failed at path \(path)"
        }
        if !message.hasSuffix(".") { message += "." }
        return path.isEmpty ? "validation error: \(message) rule \(rule.name) execution error: \(error)"
            : "validation error: \(message) rule \(rule.name) failed at path \(path)"
    }
}
