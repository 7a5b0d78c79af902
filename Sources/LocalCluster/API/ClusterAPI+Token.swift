import FoundationEssentials
import Manifests

/// `serviceaccounts/{name}/token` (`kubectl create token`): a TokenRequest answered with a
/// JWT-shaped token for the account. Nothing checks tokens here (there is one user and no
/// authentication), so its signature is random; its claims are a real one's, for tools that read them.
extension ClusterAPI {
    func token(_ request: HTTPRequest, type: ResourceType, namespace: String, name: String) async throws -> HTTPResponse {
        guard request.method == "POST" else { throw APIError.methodNotAllowed() }
        // A TokenRequest is a create: admission refuses it in a terminating namespace before
        // the account is looked up.
        try await service.checkNamespace(namespace, type: type, name: name)
        _ = try await service.get(type, namespace: namespace, name: name)
        // kubectl sends the request as protobuf; what it asks for (audiences, duration) is read from
        // JSON and otherwise defaulted, as upstream defaults an empty spec.
        let spec = (try? decodeBody(request))?["spec"] ?? .emptyMapping
        let seconds = try Self.expirationSeconds(spec["expirationSeconds"])
        let audiences = spec["audiences"]?.sequence.flatMap { $0.isEmpty ? nil : $0 }
            ?? [.string("https://kubernetes.default.svc.cluster.local")]
        let now = Clock.now()
        let claims = Node.mapping(Mapping([
            "aud": .sequence(audiences), "exp": .int(now + seconds), "iat": .int(now),
            "iss": .string("https://kubernetes.default.svc.cluster.local"), "nbf": .int(now),
            "sub": .string("system:serviceaccount:\(namespace):\(name)"),
        ]))
        let header = Node.mapping(Mapping(["alg": .string("RS256"), "kid": .string("git-ops-local")]))
        let signature = Data((0..<64).map { _ in UInt8.random(in: 0...255) })
        let token = [try Self.base64URL(Data(JSON.serialize(header).utf8)), try Self.base64URL(Data(JSON.serialize(claims).utf8)),
                     Self.base64URL(signature)].joined(separator: ".")
        let answer = Node.mapping(Mapping([
            "kind": .string("TokenRequest"), "apiVersion": .string("authentication.k8s.io/v1"),
            "metadata": .mapping(Mapping([
                "name": .string(name), "namespace": .string(namespace), "creationTimestamp": .string(Clock.format(now)),
            ])),
            "spec": .mapping(Mapping([
                "audiences": .sequence(audiences), "expirationSeconds": .int(seconds), "boundObjectRef": spec["boundObjectRef"] ?? .null,
            ])),
            "status": .mapping(Mapping(["token": .string(token), "expirationTimestamp": .string(Clock.format(now + seconds))])),
        ]))
        return Self.json(answer, status: 201)
    }

    /// The duration asked for, within upstream's bounds (`ValidateTokenRequest`: ten minutes to 2^32
    /// seconds), so that adding it to now cannot overflow. A number past Int64 counts as too large
    /// (or too small when negative).
    static func expirationSeconds(_ node: Node?) throws -> Int {
        guard let text = node?.text else { return 3600 }
        let seconds = Int64(text) ?? (text.hasPrefix("-") ? Int64.min : Int64.max)
        if (600...(1 << 32)).contains(seconds) { return Int(seconds) }
        let why = seconds < 600 ? "may not specify a duration less than 10 minutes"
            : "may not specify a duration larger than 2^32 seconds"
        let detail = "Invalid value: \(text): \(why)"
        throw APIError(code: 422, reason: "Invalid",
                       message: "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: \(detail)",
                       details: APIError.details(name: "", type: nil, kind: "TokenRequest", causes: [
                           APIError.cause(reason: "FieldValueInvalid", message: detail, field: "spec.expirationSeconds"),
                       ]))
    }

    static func base64URL(_ data: Data) -> String {
        Base64.encodeRawURL(Array(data))
    }
}
