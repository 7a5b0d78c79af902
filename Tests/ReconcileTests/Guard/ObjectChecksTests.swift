import Git
import Manifests
import Testing
@testable import Reconcile

@Suite("object checks")
struct ObjectChecksTests {
    static func object(_ yaml: String) throws -> Node {
        try #require(try YAMLParser(source: "test").parseFirstDocument(Array(yaml.utf8)))
    }

    @Test("an object needs an apiVersion, a kind and a name its kind's apiserver accepts", arguments: [
        ("kind: ConfigMap\nmetadata: {name: a}\n", "no 'apiVersion'"),
        ("apiVersion: v1\nmetadata: {name: a}\n", "no 'kind'"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", "no 'metadata.name'"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Web_1}\n", "RFC 1123 subdomain"),
        ("apiVersion: v1\nkind: Service\nmetadata: {name: a.b}\n", "RFC 1123 label"),
        ("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: a/b}\n", "may not contain '/'"),
    ])
    func malformed(yaml: String, expected: String) throws {
        let problems = ObjectChecks.wellFormed(try Self.object(yaml))
        #expect(problems.count == 1 && problems[0].contains(expected), "\(problems)")
    }

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: web, image: nginx}

        """

    @Test("a workload needs the fields the API server requires, in its words", arguments: [
        ("selector: {matchLabels: {app: web}}", "selector: {matchLabels: {app: other}}",
         "Deployment/web is refused by Kubernetes: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"),
        ("  selector: {matchLabels: {app: web}}\n", "", "Deployment/web is refused by Kubernetes: spec.selector: Required value"),
        ("- {name: web, image: nginx}", "- {name: web}", "spec.template.spec.containers[0].image: Required value"),
        ("- {name: web, image: nginx}", "- {image: nginx}", "spec.template.spec.containers[0].name: Required value"),
        ("      containers:\n      - {name: web, image: nginx}\n", "      containers: []\n", "spec.template.spec.containers: Required value"),
    ])
    func workloads(replacing: String, with replacement: String, expected: String) throws {
        #expect(ObjectChecks.wellFormed(try Self.object(Self.deployment)).isEmpty)
        let broken = Self.deployment.replacingOccurrences(of: replacing, with: replacement)
        #expect(broken != Self.deployment)
        let problems = ObjectChecks.wellFormed(try Self.object(broken))
        #expect(problems.count == 1 && problems[0].hasSuffix(expected), "\(problems)")
        // A kind of that name in another group is not the built-in one.
        let custom = broken.replacingOccurrences(of: "apiVersion: apps/v1", with: "apiVersion: example.com/v1")
        #expect(ObjectChecks.wellFormed(try Self.object(custom)).isEmpty)
    }

    @Test("a Job makes its own selector")
    func job() throws {
        let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: once}\nspec:\n  template:\n    spec:\n      containers:\n      - {name: once, image: busybox}\n"
        #expect(ObjectChecks.wellFormed(try Self.object(job)).isEmpty)
    }

    @Test("RBAC names are path segments")
    func rbac() throws {
        #expect(ObjectChecks.wellFormed(try Self.object("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: 'system:metrics'}\n")).isEmpty)
    }

    @Test("two objects of one identity are a duplicate, whatever their versions")
    func duplicate() throws {
        let one = try Self.object(Self.deployment.replacingOccurrences(of: "{name: web}", with: "{name: web, namespace: a}"))
        let two = try Self.object(Self.deployment.replacingOccurrences(of: "{name: web}", with: "{name: web, namespace: a}")
            .replacingOccurrences(of: "apps/v1", with: "apps/v1beta1"))
        let findings = ObjectChecks.check([(one, "a.yaml"), (two, "b.yaml")], protected: false)
        #expect(findings.map(\.index) == [1])
        #expect(findings.first?.finding.rule == .duplicate && findings.first?.finding.message.contains("first in 'a.yaml'") == true)
    }

    @Test("a protected environment refuses plaintext Secret data but not SOPS files or empty Secrets", arguments: [
        ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: YQ==}\n", true),
        ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: b}\n", true),
        ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: 'ENC[AES256_GCM,data:x]'}\nsops: {version: 3.8.1}\n", false),
        ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/service-account-token\n", false),
    ])
    func plaintext(yaml: String, refused: Bool) throws {
        let object = try Self.object(yaml)
        #expect(ObjectChecks.check([(object, "s.yaml")], protected: true).contains { $0.finding.rule == .plaintextSecret } == refused)
        #expect(ObjectChecks.check([(object, "s.yaml")], protected: false).isEmpty)
    }
}
