import Manifests

/// Access reviews (`kubectl auth can-i`, `auth whoami`): `whoami` answers with the user of
/// the request's client certificate (the admin over plain HTTP); there is no authorization,
/// so every access question is answered "allowed".
extension ClusterAPI {
    static let reviewGroups: Set<String> = ["authorization.k8s.io", "authentication.k8s.io"]

    /// `userInfo` of a SelfSubjectReview.
    static func userInfo(_ user: UserInfo) -> Node {
        .mapping(Mapping([
            "username": .string(user.name),
            "groups": .sequence(user.groups.map { .string($0) }),
        ]))
    }

    func review(_ request: HTTPRequest, type: ResourceType, namespace: String?) throws -> HTTPResponse {
        guard request.method == "POST" else { throw APIError.methodNotAllowed() }
        // kubectl may send the review as protobuf; the answer does not depend on the question,
        // so a body that cannot be read is answered with an empty spec rather than refused.
        var spec = (try? decodeBody(request))?["spec"] ?? .emptyMapping
        if type.kind == "LocalSubjectAccessReview", let namespace,
           spec[path: ["resourceAttributes", "namespace"]] == nil, spec["resourceAttributes"] != nil {
            spec[path: ["resourceAttributes", "namespace"]] = .string(namespace)
        }
        var object = Mapping()
        object["kind"] = .string(type.kind)
        object["apiVersion"] = .string(type.groupVersion)
        object["metadata"] = .mapping(Mapping(["creationTimestamp": .null]))
        switch type.kind {
        case "SelfSubjectReview":
            object["status"] = .mapping(Mapping(["userInfo": Self.userInfo(request.user ?? .admin)]))
        case "SelfSubjectRulesReview":
            object["spec"] = spec
            object["status"] = .mapping(Mapping([
                "resourceRules": .sequence([.mapping(Mapping([
                    "verbs": .sequence([.string("*")]), "apiGroups": .sequence([.string("*")]),
                    "resources": .sequence([.string("*")]),
                ]))]),
                "nonResourceRules": .sequence([.mapping(Mapping([
                    "verbs": .sequence([.string("*")]), "nonResourceURLs": .sequence([.string("*")]),
                ]))]),
                "incomplete": .bool(false),
            ]))
        default:
            object["spec"] = spec
            object["status"] = .mapping(Mapping([
                "allowed": .bool(true),
                "reason": .string("the local cluster does no authorization: every user is allowed everything"),
            ]))
        }
        return Self.json(.mapping(object), status: 201)
    }
}
