/// `/openapi/v2`: an empty Swagger document in the protobuf form kubectl asks for.
///
/// kubectl falls back to it when OpenAPI v3 cannot tell whether a kind takes `fieldValidation`,
/// as for a custom resource whose CRD comes earlier in the same file and does not exist yet when
/// kubectl reads the file. A 404 there fails the whole command (`failed to download openapi`);
/// a real server's document has no schema for such a kind, and kubectl skips its client-side
/// validation and leaves it to the server. An empty document gives kubectl that same answer for
/// every kind, and apply's patch then comes from kubectl's compiled-in types, as with no v2.
enum OpenAPIv2 {
    /// kubectl asks for `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, a type Go's
    /// MIME parser refuses in a response, so the answer is labelled as bytes, as kube-openapi's is.
    static let contentType = "application/octet-stream"

    /// gnostic's `openapi_v2.Document`: `swagger` (1), `info` (2: `title` 1, `version` 2), `paths` (8).
    static var document: [UInt8] {
        let info = field(1, Array("Kubernetes".utf8)) + field(2, Array(ClusterAPI.versionGitVersion.utf8))
        return field(1, Array("2.0".utf8)) + field(2, info) + field(8, [])
    }

    /// A length-delimited field (wire type 2); every length here is below 128, one varint byte.
    private static func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] {
        precondition(bytes.count < 128)
        return [number << 3 | 2, UInt8(bytes.count)] + bytes
    }
}
