import Manifests

/// A Kubernetes `Status` failure: the HTTP code, reason, message and details kubectl prints.
struct APIError: Error, Sendable {
    var code: Int
    var reason: String
    var message: String
    var details: Node?
    /// Extra response headers (`Retry-After`).
    var headers: [(String, String)] = []

    init(code: Int, reason: String, message: String, details: Node? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    /// The `Status` object sent as the response body.
    var status: Node {
        var mapping = Mapping()
        mapping["kind"] = .string("Status")
        mapping["apiVersion"] = .string("v1")
        mapping["metadata"] = .emptyMapping
        mapping["status"] = .string("Failure")
        mapping["message"] = .string(message)
        // Upstream leaves the reason out of errors it does not classify (etcd's "request is too large").
        if !reason.isEmpty { mapping["reason"] = .string(reason) }
        if let details { mapping["details"] = details }
        mapping["code"] = .int(code)
        return .mapping(mapping)
    }

    static func details(name: String?, type: ResourceType?, kind: String? = nil, causes: [Node] = []) -> Node {
        var mapping = Mapping()
        if let name { mapping["name"] = .string(name) }
        if let type { mapping["group"] = .string(type.group) }
        mapping["kind"] = .string(kind ?? type?.plural ?? "")
        if !causes.isEmpty { mapping["causes"] = .sequence(causes) }
        return .mapping(mapping)
    }

    static func cause(reason: String?, message: String, field: String?) -> Node {
        var mapping = Mapping()
        if let reason { mapping["reason"] = .string(reason) }
        mapping["message"] = .string(message)
        if let field { mapping["field"] = .string(field) }
        return .mapping(mapping)
    }

    /// The apiserver's answer to a request no authenticator accepted.
    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    static let unknownPath = APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")

    static func notFound(_ type: ResourceType, _ name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(type.groupResource) \"\(name)\" not found",
                 details: details(name: name, type: type))
    }

    static func namespaceNotFound(_ namespace: String) -> APIError {
        var details = Mapping()
        details["name"] = .string(namespace)
        details["kind"] = .string("namespaces")
        return APIError(code: 404, reason: "NotFound", message: "namespaces \"\(namespace)\" not found", details: .mapping(details))
    }

    static func alreadyExists(_ type: ResourceType, _ name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists", message: "\(type.groupResource) \"\(name)\" already exists",
                 details: details(name: name, type: type))
    }

    static func conflict(_ type: ResourceType, _ name: String, _ why: String = "the object has been modified; please apply your changes to the latest version and try again") -> APIError {
        APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(type.groupResource) \"\(name)\": \(why)",
                 details: details(name: name, type: type))
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static func methodNotAllowed() -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource")
    }

    static func unsupportedMediaType(_ accepted: [String]) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType",
                 message: "the body of the request was in an unknown format - accepted media types include: " + accepted.joined(separator: ", "))
    }

    /// 422 Invalid: `Kind.group "name" is invalid: field: message`.
    static func invalid(_ type: ResourceType, _ name: String, field: String, message: String, reason: String = "FieldValueInvalid") -> APIError {
        let kindText = type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)"
        return APIError(code: 422, reason: "Invalid", message: "\(kindText) \"\(name)\" is invalid: \(field): \(message)",
                        details: details(name: name, type: type, kind: type.kind,
                                         causes: [cause(reason: reason, message: message, field: field)]))
    }

    /// 422 Invalid with every error: `Kind.group "name" is invalid: [a: ..., b: ...]` when there are several.
    static func invalid(_ type: ResourceType, _ name: String, errors: [StructuralSchema.FieldError]) -> APIError {
        let kindText = type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)"
        let shown = errors.map { "\($0.field): \($0.message)" }
        let list = shown.count == 1 ? shown[0] : "[" + shown.joined(separator: ", ") + "]"
        return APIError(code: 422, reason: "Invalid", message: "\(kindText) \"\(name)\" is invalid: \(list)",
                        details: details(name: name, type: type, kind: type.kind,
                                         causes: errors.map { cause(reason: $0.reason, message: $0.message, field: $0.field) }))
    }

    /// 422 for a JSON patch that does not apply (a failed `test`, a missing path), as upstream words it.
    static func patchRejected(_ why: String) -> APIError {
        var details = Mapping()
        details["causes"] = .sequence([.mapping(Mapping([
            "reason": .string("UnexpectedServerResponse"), "message": .string(why),
        ]))])
        return APIError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request",
                        details: .mapping(details))
    }

    static func forbidden(_ type: ResourceType, _ name: String, _ why: String, cause: Node? = nil) -> APIError {
        APIError(code: 403, reason: "Forbidden", message: "\(type.groupResource) \"\(name)\" is forbidden: \(why)",
                 details: details(name: name, type: type, causes: cause.map { [$0] } ?? []))
    }

    /// 413, upstream's `NewRequestEntityTooLargeError`.
    static func requestEntityTooLarge(_ message: String) -> APIError {
        APIError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: \(message)")
    }

    static func expired(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    static func conflict(_ apply: ApplyConflict) -> APIError {
        let causes = apply.causes.map { cause(reason: "FieldManagerConflict", message: $0.message, field: $0.field) }
        var details = Mapping()
        // A StatusCause's Go field is `Type`, but its JSON name is `reason`.
        details["causes"] = .sequence(causes)
        return APIError(code: 409, reason: "Conflict", message: apply.message, details: .mapping(details))
    }
}
