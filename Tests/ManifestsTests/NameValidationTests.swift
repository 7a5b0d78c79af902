import Testing
import Manifests

/// Each kind's rule for `metadata.name`, with upstream's messages.
@Suite("name validation")
struct NameValidationTests {
    @Test("RBAC names are path segments", arguments: [
        ("system:metrics-server", []),
        ("metrics-server:system:auth-delegator", []),
        ("Upper_Case and spaces", []),
        (".", ["may not be '.'"]),
        ("..", ["may not be '..'"]),
        ("a/b%c", ["may not contain '/'", "may not contain '%'"]),
    ])
    func pathSegment(name: String, errors: [String]) {
        #expect(NameValidation.pathSegment.errors(for: name, in: .emptyMapping) == errors)
    }

    @Test("an APIService is named version.group", arguments: [
        ("v1beta1.metrics.k8s.io", true), ("v1.metrics.k8s.io", false), ("metrics", false),
    ])
    func apiService(name: String, valid: Bool) throws {
        let object = try JSON.parse(Array(#"{"spec":{"group":"metrics.k8s.io","version":"v1beta1"}}"#.utf8))
        let errors = NameValidation.apiService.errors(for: name, in: object)
        #expect(errors == (valid ? [] : [#"must be `spec.version+"."+spec.group`: "v1beta1.metrics.k8s.io""#]))
    }

    @Test("DNS names", arguments: [
        (NameValidation.dnsSubdomain, "web.example-1", true), (.dnsSubdomain, "Web", false), (.dnsSubdomain, "a..b", false),
        (.dnsLabel, "web-1", true), (.dnsLabel, "web.1", false), (.none, "Anything: at all", true),
    ])
    func dns(rule: NameValidation, name: String, valid: Bool) {
        #expect(rule.errors(for: name, in: .emptyMapping).isEmpty == valid)
    }

    @Test("each built-in kind has its apiserver's rule, other kinds a DNS subdomain", arguments: [
        ("", "Namespace", NameValidation.dnsLabel), ("", "Service", .dnsLabel), ("", "ConfigMap", .dnsSubdomain),
        ("rbac.authorization.k8s.io", "ClusterRole", .pathSegment), ("rbac.authorization.k8s.io", "RoleBinding", .pathSegment),
        ("example.com", "Role", .dnsSubdomain), ("apiregistration.k8s.io", "APIService", .apiService), ("", "Event", NameValidation.none),
    ])
    func builtin(group: String, kind: String, rule: NameValidation) {
        #expect(NameValidation.builtin(group: group, kind: kind) == rule)
    }
}
