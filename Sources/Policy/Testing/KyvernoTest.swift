import Manifests

/// A `kyverno test` suite (`kyverno-test.yaml`, the `cli.kyverno.io/v1alpha1`
/// Test kind or the older form without it): the policy and resource files it
/// loads and the results it expects.
package struct KyvernoTest: Sendable {
    /// One expected result: a policy's rule on some resources.
    package struct Expectation: Sendable {
        package var policy: String
        package var rule: String
        package var kind: String
        /// `name` or `namespace/name`.
        package var resources: [String]
        package var namespace: String?
        package var result: PolicyResult.Status
    }

    package var name: String
    package var policies: [String]
    package var resources: [String]
    package var results: [Expectation]

    /// The keys of a test that need what git-ops does not evaluate.
    static let refusedKeys: [String: String] = [
        "variables": "a variables file", "values": "values", "userinfo": "user information",
        "exceptions": "policy exceptions", "context": "a context file", "checks": "checks",
        "clusterResources": "cluster resources",
    ]
    static let refusedResultKeys: [String: String] = [
        "patchedResource": "a mutate result (patchedResource)", "patchedResources": "a mutate result (patchedResources)",
        "generatedResource": "a generate result (generatedResource)", "cloneSourceResource": "a generate result (cloneSourceResource)",
        "isValidatingAdmissionPolicy": "a ValidatingAdmissionPolicy", "isValidatingPolicy": "a CEL policy",
        "isMutatingAdmissionPolicy": "a MutatingAdmissionPolicy",
    ]

    /// Reads the test document of `file`.
    package init(_ document: Node, file: String) throws(PolicyError) {
        guard document.mapping != nil else { throw PolicyError(file: file, "a kyverno test must be a mapping") }
        if let kind = document["kind"]?.text, kind != "Test" {
            throw PolicyError(file: file, "kind '\(kind)' is not a kyverno test (cli.kyverno.io/v1alpha1 Test)")
        }
        name = document["metadata"]?["name"]?.text ?? document["name"]?.text ?? ""
        for key in document.mapping?.keys ?? [] {
            if let feature = Self.refusedKeys[key], !(document[key]?.isNull ?? true) {
                throw PolicyError(file: file, "the test uses \(feature) ('\(key)'), which git-ops does not support")
            }
        }
        func strings(_ key: String) throws(PolicyError) -> [String] {
            guard let node = document[key] else { return [] }
            guard let items = node.sequence else { throw PolicyError(file: file, "'\(key)' must be a list of paths") }
            return items.compactMap(\.text)
        }
        policies = try strings("policies")
        resources = try strings("resources")
        guard !policies.isEmpty else { throw PolicyError(file: file, "the test names no policies") }
        var results: [Expectation] = []
        for (index, item) in (document["results"]?.sequence ?? []).enumerated() {
            for key in item.mapping?.keys ?? [] {
                if let feature = Self.refusedResultKeys[key] {
                    throw PolicyError(file: file, "results[\(index)] checks \(feature), which git-ops does not support")
                }
            }
            guard let policy = item["policy"]?.text, let rule = item["rule"]?.text else {
                throw PolicyError(file: file, "results[\(index)] needs 'policy' and 'rule'")
            }
            let statusText = item["result"]?.text ?? item["status"]?.text ?? ""
            guard let status = PolicyResult.Status(rawValue: statusText.lowercased()) else {
                throw PolicyError(file: file, "results[\(index)].result '\(statusText)' is not pass, fail, skip or error")
            }
            var names = item["resources"]?.sequence?.compactMap(\.text) ?? []
            if let single = item["resource"]?.text { names.append(single) }
            guard !names.isEmpty else { throw PolicyError(file: file, "results[\(index)] names no resources") }
            results.append(Expectation(policy: policy, rule: rule, kind: item["kind"]?.text ?? "", resources: names,
                                       namespace: item["namespace"]?.text, result: status))
        }
        self.results = results
    }

    /// The outcome of one expected result on one resource.
    package struct Outcome: Sendable {
        package var policy: String
        package var rule: String
        package var resource: String
        package var expected: PolicyResult.Status
        /// What the rule gave, `nil` when it gave nothing (the resource is not matched).
        package var actual: PolicyResult.Status?
        /// True when the resource is among those loaded.
        package var found: Bool

        /// As `kyverno test` counts it: a resource the rule does not match satisfies any expectation.
        package var passed: Bool { found && (actual == nil || actual == expected) }

        package var reason: String {
            if !found { return "Not found" }
            guard let actual else { return "Excluded" }
            return actual == expected ? "Ok" : "Want \(expected.rawValue), got \(actual.rawValue)"
        }
    }

    /// Checks the expectations against the results of evaluating `policies` on `objects`.
    package func check(policies: [KyvernoPolicy], objects: [Node]) -> [Outcome] {
        let results = PolicyEngine(policies: policies).evaluate(objects)
        let subjects = objects.map { PolicySubject($0) }
        var outcomes: [Outcome] = []
        for expectation in self.results {
            for resource in expectation.resources {
                var namespace = expectation.namespace
                var name = resource
                if let slash = resource.firstIndex(of: "/") {
                    namespace = String(resource[..<slash])
                    name = String(resource[resource.index(after: slash)...])
                }
                let indices = subjects.indices.filter { index in
                    let subject = subjects[index]
                    return subject.name == name && (expectation.kind.isEmpty || subject.kind == expectation.kind)
                        && (namespace == nil || subject.namespace == namespace)
                }
                let rules = [expectation.rule, "autogen-" + expectation.rule, "autogen-cronjob-" + expectation.rule]
                let matching = results.filter { result in
                    indices.contains(result.object) && rules.contains(result.rule)
                        && (result.policy == expectation.policy || result.policy.hasSuffix("/" + expectation.policy))
                }
                // The result that agrees with the expectation wins where several objects share the name.
                let actual = matching.first { $0.status == expectation.result }?.status ?? matching.first?.status
                outcomes.append(Outcome(policy: expectation.policy, rule: expectation.rule, resource: resource,
                                        expected: expectation.result, actual: actual, found: !indices.isEmpty))
            }
        }
        return outcomes
    }
}
