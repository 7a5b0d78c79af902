/// How the apiserver validates a kind's `metadata.name`: the `ValidateNameFunc` each kind's
/// strategy passes to `ValidateObjectMeta` (Kubernetes 1.32).
package enum NameValidation: Sendable, Hashable {
    /// `NameIsDNSSubdomain`, what most kinds use.
    case dnsSubdomain
    /// `NameIsDNSLabel`: Namespaces and Services.
    case dnsLabel
    /// `path.IsValidPathSegmentName`: RBAC roles and bindings, whose names are often
    /// `system:metrics-server` or `metrics-server:system:auth-delegator`.
    case pathSegment
    /// A path segment that must also be `spec.version + "." + spec.group`: APIServices.
    case apiService
    /// No rule: Events here, and CertificateSigningRequests ("we don't care what you call
    /// your certificate requests").
    case none

    /// The rule of the built-in kind `kind` of API group `group` (`""` for the core
    /// group); `.dnsSubdomain` for every other kind, as for custom resources. The
    /// local cluster's kinds and the push-time checks both take their rule from here.
    package static func builtin(group: String, kind: String) -> NameValidation {
        builtinRules[group + "/" + kind] ?? .dnsSubdomain
    }

    /// The kinds whose strategy does not use `NameIsDNSSubdomain` (Kubernetes 1.32).
    static let builtinRules: [String: NameValidation] = [
        "/Namespace": .dnsLabel, "/Service": .dnsLabel,
        // RBAC names are path segments, not DNS names (`system:metrics-server`).
        "rbac.authorization.k8s.io/Role": .pathSegment, "rbac.authorization.k8s.io/RoleBinding": .pathSegment,
        "rbac.authorization.k8s.io/ClusterRole": .pathSegment, "rbac.authorization.k8s.io/ClusterRoleBinding": .pathSegment,
        "apiregistration.k8s.io/APIService": .apiService,
        "certificates.k8s.io/CertificateSigningRequest": .none,
        "/Event": .none, "events.k8s.io/Event": .none,
    ]

    /// Upstream's messages for what is wrong with `name`, none when it is valid.
    package func errors(for name: String, in object: Node) -> [String] {
        switch self {
        case .dnsSubdomain:
            return Self.isDNSSubdomain(name) ? [] : [
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            ]
        case .dnsLabel:
            return Self.isDNSLabel(name) ? [] : [
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            ]
        case .pathSegment:
            return Self.pathSegmentErrors(name)
        case .apiService:
            let segmentErrors = Self.pathSegmentErrors(name)
            if !segmentErrors.isEmpty { return segmentErrors }
            let version = object[path: ["spec", "version"]]?.text ?? ""
            let group = object[path: ["spec", "group"]]?.text ?? ""
            let required = "\(version).\(group)"
            return name == required ? [] : ["must be `spec.version+\".\"+spec.group`: \(GoQuote.quote(required))"]
        case .none:
            return []
        }
    }

    /// `path.IsValidPathSegmentName`: a name the REST path and the storage key can hold.
    static func pathSegmentErrors(_ name: String) -> [String] {
        for illegal in [".", ".."] where name == illegal { return ["may not be '\(illegal)'"] }
        return ["/", "%"].filter { name.contains($0) }.map { "may not contain '\($0)'" }
    }

    static func isDNSLabel(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 63 else { return false }
        let bytes = Array(text.utf8)
        for byte in bytes where !(isLowerAlnum(byte) || byte == UInt8(ascii: "-")) { return false }
        return isLowerAlnum(bytes[0]) && isLowerAlnum(bytes[bytes.count - 1])
    }

    static func isDNSSubdomain(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            let bytes = Array(part.utf8)
            guard let first = bytes.first, let last = bytes.last else { return false }
            return isLowerAlnum(first) && isLowerAlnum(last)
                && bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
        }
    }

    package static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
