import Manifests

/// The Kubernetes HTTP API over the object service: routing, discovery, OpenAPI, and
/// the request and response encodings kubectl uses.
struct ClusterAPI: HTTPResponder {
    let service: ObjectService
    /// `host:port` the server is reached at, for legacy discovery.
    let serverAddress: String
    let faults: FaultInjector?
    /// How often a watch that asked for bookmarks gets one.
    let bookmarkInterval: Duration
    /// Whether a request must carry a user (over HTTPS); over plain HTTP every request is the admin's.
    let authenticates: Bool

    init(service: ObjectService, serverAddress: String, faults: FaultInjector? = nil,
         bookmarkInterval: Duration = .seconds(5), authenticates: Bool = false) {
        self.service = service
        self.serverAddress = serverAddress
        self.faults = faults
        self.bookmarkInterval = bookmarkInterval
        self.authenticates = authenticates
    }

    /// What anyone may read without credentials: upstream's `system:public-info-viewer` role.
    static let publicPaths = ["/version", "/healthz", "/livez", "/readyz"]

    static func isPublic(_ path: String) -> Bool {
        publicPaths.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    var store: ObjectStore { service.store }

    static let versionGitVersion = "v1.32.4"

    static let versionInfo: Node = .mapping(Mapping([
        "major": .string("1"), "minor": .string("32"), "gitVersion": .string(versionGitVersion),
        "gitCommit": .string("59526cd4867447956156ae3a602fcbac10a2c335"), "gitTreeState": .string("clean"),
        "buildDate": .string("2025-04-22T00:00:00Z"), "goVersion": .string("go1.23.6"), "compiler": .string("gc"),
        "platform": .string("linux/amd64"),
    ]))

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        var request = request
        if authenticates {
            // As the apiserver: authentication first, anonymous requests only to the public paths.
            if request.user == nil && !Self.isPublic(request.path) { return Self.failure(.unauthorized) }
        } else {
            request.user = .admin
        }
        if let faults, let injected = await faults.intercept(request) { return injected }
        let warnings = WarningCollector()
        var response = await WarningCollector.$current.withValue(warnings) { await answer(request) }
        response.headers.append(contentsOf: warnings.headers)
        return response
    }

    func respond(to refusal: HTTPRefusal) -> HTTPResponse {
        Self.respond(to: refusal)
    }

    static func respond(to refusal: HTTPRefusal) -> HTTPResponse {
        switch refusal {
        case .bodyTooLarge(let limit): failure(.requestEntityTooLarge("limit is \(limit)"))
        }
    }

    private func answer(_ request: HTTPRequest) async -> HTTPResponse {
        do {
            return try await route(request)
        } catch let error as APIError {
            return Self.failure(error)
        } catch let error as StoreError {
            // Says what failed, on which file, why and what to do (`StorageError`), not the enum case.
            return Self.failure(APIError(code: 503, reason: "ServiceUnavailable", message: error.description))
        } catch {
            return Self.failure(APIError.internalError("\(error)"))
        }
    }

    static func failure(_ error: APIError) -> HTTPResponse {
        var response = json(error.status, status: error.code)
        response.headers.append(contentsOf: error.headers)
        return response
    }

    static func json(_ node: Node, status: Int = 200, contentType: String = "application/json") -> HTTPResponse {
        let bytes = (try? JSON.serialize(node)).map { Array($0.utf8) } ?? Array("{}".utf8)
        return raw(bytes, status: status, contentType: contentType)
    }

    static func raw(_ bytes: [UInt8], status: Int = 200, contentType: String = "application/json") -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType), ("Cache-Control", "no-cache, private")],
                     body: .bytes(bytes))
    }

    private func route(_ request: HTTPRequest) async throws -> HTTPResponse {
        var path = request.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        let segments = path.split(separator: "/").map(String.init)
        guard let first = segments.first else { throw APIError.unknownPath }
        switch first {
        case "version":
            return Self.json(Self.versionInfo)
        case "healthz", "readyz", "livez":
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: .bytes(Array("ok".utf8)))
        case "openapi":
            return try await openAPI(segments)
        case "api":
            let discovery = Discovery(registry: await store.registry, serverAddress: serverAddress)
            if segments.count == 1 {
                if Discovery.wantsAggregated(request.header("Accept")) {
                    return Self.json(discovery.aggregated(core: true), contentType: Discovery.aggregatedContentType)
                }
                return Self.json(discovery.apiVersions)
            }
            if segments.count == 2 {
                guard let list = discovery.resourceList(group: "", version: segments[1]) else { throw APIError.unknownPath }
                return Self.json(list)
            }
            return try await resource(request, group: "", version: segments[1], rest: Array(segments[2...]))
        case "apis":
            let discovery = Discovery(registry: await store.registry, serverAddress: serverAddress)
            switch segments.count {
            case 1:
                if Discovery.wantsAggregated(request.header("Accept")) {
                    return Self.json(discovery.aggregated(core: false), contentType: Discovery.aggregatedContentType)
                }
                return Self.json(discovery.groupList)
            case 2:
                guard let group = discovery.group(segments[1]) else { throw APIError.unknownPath }
                return Self.json(group)
            case 3:
                guard let list = discovery.resourceList(group: segments[1], version: segments[2]) else { throw APIError.unknownPath }
                return Self.json(list)
            default:
                return try await resource(request, group: segments[1], version: segments[2], rest: Array(segments[3...]))
            }
        default:
            throw APIError.unknownPath
        }
    }

    private func openAPI(_ segments: [String]) async throws -> HTTPResponse {
        if segments.count == 2 && segments[1] == "v2" { return Self.raw(OpenAPIv2.document, contentType: OpenAPIv2.contentType) }
        guard segments.count >= 2, segments[1] == "v3" else { throw APIError.unknownPath }
        let documents = OpenAPIDocuments(registry: await store.registry)
        if segments.count == 2 { return Self.json(try documents.root()) }
        let rest = segments[2...].joined(separator: "/")
        guard let entry = documents.groupVersionPaths.first(where: { $0.path == rest }) else { throw APIError.unknownPath }
        return Self.json(documents.document(group: entry.group, version: entry.version))
    }
}
