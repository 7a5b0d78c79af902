import Manifests
import Testing
@testable import Policy

func documents(_ text: String) -> [Node] {
    (try? YAMLParser(source: "test", yaml11: true).parse(text)) ?? []
}

let latestTagPolicy = """
    apiVersion: kyverno.io/v1
    kind: ClusterPolicy
    metadata:
      name: disallow-latest-tag
    spec:
      validationFailureAction: Enforce
      rules:
      - name: require-image-tag
        match:
          any:
          - resources:
              kinds: [Pod]
        validate:
          message: "An image tag is required."
          foreach:
          - list: "request.object.spec.containers"
            pattern:
              image: "*:*"
      - name: validate-image-tag
        match:
          any:
          - resources:
              kinds: [Pod]
        validate:
          message: "Using a mutable image tag e.g. 'latest' is not allowed."
          pattern:
            spec:
              containers:
              - image: "!*:latest"
    """

func deployment(_ name: String, image: String, namespace: String = "shop") -> Node {
    documents("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          template:
            spec:
              containers:
              - name: app
                image: "\(image)"
        """)[0]
}

@Suite("PolicyEngine")
struct PolicyEngineTests {
    func load(_ text: String) throws -> [KyvernoPolicy] {
        try PolicyLoader.policies(documents(text), file: "policies/p.yaml")
    }

    @Test("generates rules for Pod controllers and checks spec.template")
    func autogen() throws {
        let policies = try load(latestTagPolicy)
        #expect(policies[0].rules.map(\.name) == [
            "require-image-tag", "validate-image-tag",
            "autogen-require-image-tag", "autogen-cronjob-require-image-tag",
            "autogen-validate-image-tag", "autogen-cronjob-validate-image-tag",
        ])
        let results = PolicyEngine(policies: policies).evaluate([deployment("web", image: "nginx:latest"), deployment("api", image: "api:1.2")])
        let web = results.filter { $0.object == 0 }
        #expect(web.map(\.rule) == ["autogen-require-image-tag", "autogen-validate-image-tag"])
        #expect(web.map(\.status) == [.pass, .fail])
        #expect(web[1].message == "validation error: Using a mutable image tag e.g. 'latest' is not allowed. rule autogen-validate-image-tag failed at path /spec/template/spec/containers/0/image/")
        #expect(web[1].blocks)
        #expect(web[1].sourceRule == "validate-image-tag")
        #expect(results.filter { $0.object == 1 }.map(\.status) == [.pass, .pass])
    }

    @Test("the autogen annotation turns the copies off or picks the controllers")
    func autogenAnnotation() throws {
        let none = latestTagPolicy.replacingOccurrences(of: "  name: disallow-latest-tag",
            with: "  name: disallow-latest-tag\n  annotations:\n    pod-policies.kyverno.io/autogen-controllers: none")
        #expect(try load(none)[0].rules.count == 2)
        let some = latestTagPolicy.replacingOccurrences(of: "  name: disallow-latest-tag",
            with: "  name: disallow-latest-tag\n  annotations:\n    pod-policies.kyverno.io/autogen-controllers: Deployment,CronJob")
        let rules = try load(some)[0].rules
        #expect(rules.count == 6)
        #expect(rules[2].match.any[0].kinds == ["Deployment"])
        #expect(rules[3].match.any[0].kinds == ["CronJob"])
        guard case .foreach(let loops) = rules[3].validation.check else { Issue.record("not a foreach"); return }
        #expect(loops[0].list == "request.object.spec.jobTemplate.spec.template.spec.containers")
    }

    @Test("a rule that selects by name gets no copies")
    func noAutogenWithNames() throws {
        let named = latestTagPolicy.replacingOccurrences(of: "      - resources:\n          kinds: [Pod]\n    validate:\n      message: \"An image",
            with: "      - resources:\n          kinds: [Pod]\n          names: [web]\n    validate:\n      message: \"An image")
        #expect(named != latestTagPolicy)
        #expect(try load(named)[0].rules.map(\.name) == ["require-image-tag", "validate-image-tag"])
    }

    @Test("matches kinds in their group and version forms, names, namespaces, selectors and excludes")
    func matching() throws {
        let policy = try load("""
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata: {name: p}
            spec:
              rules:
              - name: r
                match:
                  any:
                  - resources:
                      kinds: [apps/v1/Deployment, v1/ConfigMap]
                      names: ["web*"]
                      selector: {matchLabels: {tier: "front*"}}
                exclude:
                  any:
                  - resources:
                      namespaces: [kube-*]
                validate:
                  pattern: {metadata: {labels: {team: "?*"}}}
            """)
        func object(_ kind: String, _ apiVersion: String, _ name: String, _ namespace: String, tier: String) -> Node {
            documents("{apiVersion: \(apiVersion), kind: \(kind), metadata: {name: \(name), namespace: \(namespace), labels: {tier: \(tier)}}}")[0]
        }
        let objects = [
            object("Deployment", "apps/v1", "web-1", "shop", tier: "frontend"),
            object("Deployment", "apps/v1", "api", "shop", tier: "frontend"),
            object("Deployment", "apps/v1", "web-2", "kube-system", tier: "frontend"),
            object("Deployment", "apps/v1", "web-3", "shop", tier: "back"),
            object("ConfigMap", "v1", "web-4", "shop", tier: "front"),
            object("Deployment", "extensions/v1beta1", "web-5", "shop", tier: "front"),
        ]
        let results = PolicyEngine(policies: policy).evaluate(objects)
        #expect(results.map(\.object) == [0, 4])
        #expect(results.allSatisfy { $0.status == .fail && !$0.blocks })
    }

    @Test("a namespaced Policy checks only its namespace; a namespaceSelector sees the rendered Namespace")
    func namespaces() throws {
        let policies = try load("""
            apiVersion: kyverno.io/v1
            kind: Policy
            metadata: {name: p, namespace: shop}
            spec:
              rules:
              - name: r
                match: {any: [{resources: {kinds: [Deployment]}}]}
                validate: {pattern: {metadata: {labels: {team: "?*"}}}}
            ---
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata: {name: q}
            spec:
              rules:
              - name: r
                match: {any: [{resources: {kinds: [Deployment], namespaceSelector: {matchLabels: {env: prod}}}}]}
                validate: {pattern: {metadata: {labels: {team: "?*"}}}}
            """)
        let objects = [
            documents("{apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {env: prod}}}")[0],
            deployment("a", image: "x:1", namespace: "shop"),
            deployment("b", image: "x:1", namespace: "admin"),
        ]
        let results = PolicyEngine(policies: policies).evaluate(objects)
        #expect(results.map { "\($0.policy) \($0.object)" } == ["shop/p 1", "q 1"])
    }

    @Test("Audit is the default; a rule's failureAction wins over the policy's")
    func actions() throws {
        let policies = try load("""
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata: {name: p}
            spec:
              rules:
              - name: audit
                match: {any: [{resources: {kinds: [Deployment]}}]}
                validate: {pattern: {metadata: {labels: {team: "?*"}}}}
              - name: enforce
                match: {any: [{resources: {kinds: [Deployment]}}]}
                validate: {failureAction: Enforce, pattern: {metadata: {labels: {team: "?*"}}}}
            """)
        let results = PolicyEngine(policies: policies).evaluate([deployment("a", image: "x:1")])
        #expect(results.map(\.action) == [.audit, .enforce])
        #expect(results.map(\.blocks) == [false, true])
    }
}

@Suite("PolicyLoader")
struct PolicyLoaderTests {
    func error(_ text: String) -> PolicyError? {
        do {
            _ = try PolicyLoader.policies(documents(text), file: "policies/p.yaml")
            return nil
        } catch {
            return error
        }
    }

    static func rule(_ body: String) -> String {
        """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata: {name: p}
        spec:
          rules:
          - name: r
            match: {any: [{resources: {kinds: [Pod]}}]}
        \(body)
        """
    }

    @Test("refuses what it does not evaluate, naming the file, policy, rule and feature", arguments: [
        ("    validate: {deny: {conditions: {any: [{key: a, operator: Equals, value: b}]}}}", "deny conditions"),
        ("    preconditions: {all: []}\n    validate: {pattern: {a: b}}", "preconditions"),
        ("    context: [{name: x, configMap: {name: a, namespace: b}}]\n    validate: {pattern: {a: b}}", "context entries"),
        ("    mutate: {patchStrategicMerge: {a: b}}", "mutate rules"),
        ("    generate: {kind: ConfigMap, name: x}", "generate rules"),
        ("    verifyImages: [{imageReferences: ['*']}]", "verifyImages"),
        ("    validate: {cel: {expressions: [{expression: 'true'}]}}", "CEL expressions"),
        ("    validate: {podSecurity: {level: baseline}}", "podSecurity"),
        ("    validate: {pattern: {metadata: {name: '{{request.object.kind}}'}}}", "JMESPath variable"),
        ("    validate: {message: 'bad {{ x }}', pattern: {a: b}}", "JMESPath variable"),
        ("    validate: {foreach: [{list: 'request.object.spec.[containers, initContainers][]', pattern: {a: b}}]}", "JMESPath expression"),
        ("    validate: {foreach: [{list: 'request.object.spec.containers', deny: {}}]}", "deny conditions"),
    ])
    func refused(_ body: String, _ feature: String) {
        let found = error(Self.rule(body))
        #expect(found?.file == "policies/p.yaml")
        #expect(found?.policy == "p")
        #expect(found?.rule == "r")
        #expect(found?.message.contains(feature) == true, "\(String(describing: found))")
    }

    @Test("refuses malformed patterns and policies", arguments: [
        ("    validate: {pattern: {spec: {containers: []}}}", "empty list"),
        ("    validate: {pattern: {spec: {^(containers): {a: b}}}}", "takes a list"),
        ("    validate: {pattern: {a: b}, anyPattern: [{a: b}]}", "exactly one"),
        ("    validate: {message: x}", "none of pattern"),
        ("    validate: {pattern: {a: b}, failureAction: Block}", "neither Audit nor Enforce"),
    ])
    func malformed(_ body: String, _ problem: String) {
        let found = error(Self.rule(body))
        #expect(found?.message.contains(problem) == true, "\(String(describing: found))")
    }

    @Test("refuses documents that are not Kyverno policies")
    func notPolicies() {
        #expect(error("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}")?.description
            == "policies/p.yaml: ConfigMap 'x' (v1) is not a Kyverno policy; policy paths hold kyverno.io/v1 ClusterPolicy and Policy documents")
        #expect(error("apiVersion: policies.kyverno.io/v1alpha1\nkind: ValidatingPolicy\nmetadata: {name: x}")?.message.contains("CEL policy") == true)
        #expect(error("- a\n- b")?.message.contains("not a mapping") == true)
        #expect(error("apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: x}\nspec: {rules: []}")?.message == "has no rules")
    }
}

@Suite("KyvernoTest")
struct KyvernoTestTests {
    @Test("checks expected results as kyverno test does: autogen names, excluded and missing resources")
    func check() throws {
        let test = try KyvernoTest(documents("""
            apiVersion: cli.kyverno.io/v1alpha1
            kind: Test
            metadata: {name: t}
            policies: [p.yaml]
            resources: [r.yaml]
            results:
            - policy: disallow-latest-tag
              rule: validate-image-tag
              kind: Deployment
              resources: [web, shop/api]
              result: fail
            - policy: disallow-latest-tag
              rule: validate-image-tag
              kind: Service
              resources: [web]
              result: pass
            - policy: disallow-latest-tag
              rule: validate-image-tag
              kind: Deployment
              resources: [nowhere]
              result: pass
            """)[0], file: "kyverno-test.yaml")
        let policies = try PolicyLoader.policies(documents(latestTagPolicy), file: "p.yaml")
        let outcomes = test.check(policies: policies, objects: [deployment("web", image: "nginx:latest"), deployment("api", image: "api:1")])
        #expect(outcomes.map(\.reason) == ["Ok", "Want fail, got pass", "Not found", "Not found"])
        #expect(outcomes.map(\.passed) == [true, false, false, false])
    }

    @Test("refuses tests of mutate and generate results and variables files")
    func refused() {
        #expect(throws: PolicyError.self) {
            try KyvernoTest(documents("policies: [p.yaml]\nresources: [r.yaml]\nvariables: values.yaml\nresults: []")[0], file: "t.yaml")
        }
        #expect(throws: PolicyError.self) {
            try KyvernoTest(documents("policies: [p.yaml]\nresults: [{policy: p, rule: r, resources: [a], patchedResource: x.yaml, result: pass}]")[0], file: "t.yaml")
        }
    }
}
