import Manifests

/// Why a request to a cluster failed: the connection (refused, dropped, timed out), TLS (a
/// server the configured authority does not vouch for), or the server's answer, read from
/// its `Status` body (code, reason, message, causes). Worded as git words errors, the
/// failure and its subject first: `cannot apply Deployment/demo/web: Apply failed with 1
/// conflict: conflict with "kubectl": .spec.replicas`. It never holds a credential.
package struct KubeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed.
    package enum Code: Sendable, Equatable {
        /// The server could not be reached, or the connection was lost.
        case connection
        /// The TLS handshake failed (wrong authority, name or client certificate).
        case tls
        /// No answer within the request's time.
        case timeout
        /// The server answered with an error `Status`.
        case status
        /// The server answered something this client cannot read.
        case invalidResponse
        /// Discovery knows no resource for the kind, even after a refresh.
        case unknownKind
        /// The object given cannot be sent (no kind or name).
        case invalidObject
    }

    /// One `details.causes[]` entry: a field and what is wrong with it.
    package struct Cause: Sendable, Equatable {
        /// Why (`FieldValueInvalid`, `FieldManagerConflict`).
        package var reason: String
        /// What is wrong.
        package var message: String
        /// The field (`spec.replicas`, `.spec.replicas` for a conflict).
        package var field: String
    }

    /// What failed.
    package var code: Code
    /// The whole message.
    package var message: String
    /// The HTTP status of the server's answer.
    package var httpStatus: Int?
    /// The Status `reason` (`NotFound`, `Conflict`, `Invalid`, `TooManyRequests`).
    package var reason: String?
    /// The Status `details.causes`.
    package var causes: [Cause] = []

    /// An error with its code and message.
    package init(_ code: Code, _ message: String, httpStatus: Int? = nil, reason: String? = nil, causes: [Cause] = []) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.reason = reason
        self.causes = causes
    }

    /// The message.
    package var description: String { message }

    /// 404: the object (or its namespace) does not exist.
    package var isNotFound: Bool { httpStatus == 404 }
    /// 409 on a server-side apply: other managers own fields this one sets (`causes` names them).
    package var isFieldManagerConflict: Bool { httpStatus == 409 && causes.contains { $0.reason == "FieldManagerConflict" } }
    /// 422: the object is invalid (`causes` names the fields).
    package var isInvalid: Bool { httpStatus == 422 }
    /// 410: the resourceVersion asked for is gone from the server's history.
    package var isExpired: Bool { httpStatus == 410 }

    /// The error a non-2xx answer stands for: its Status body when it has one, else its text.
    static func status(_ status: Int, body: [UInt8], doing action: String) -> KubeError {
        let document = try? JSON.parse(body)
        guard let document, document["kind"]?.text == "Status" else {
            let text = String(decoding: body.prefix(300), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return KubeError(.status, "cannot \(action): the server answered \(status)\(text.isEmpty ? "" : ": \(text)")", httpStatus: status)
        }
        let message = document["message"]?.text ?? "the server answered \(status)"
        let causes = (document[path: ["details", "causes"]]?.sequence ?? []).map {
            Cause(reason: $0["reason"]?.text ?? "", message: $0["message"]?.text ?? "", field: $0["field"]?.text ?? "")
        }
        return KubeError(.status, "cannot \(action): \(message)", httpStatus: document["code"]?.text.flatMap { Int($0) } ?? status,
                         reason: document["reason"]?.text, causes: causes)
    }
}
