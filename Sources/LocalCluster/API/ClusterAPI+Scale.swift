import Manifests

extension ClusterAPI {
    /// The `scale` subresource: an autoscaling/v1 Scale read from and written to the object's replicas.
    func scale(_ request: HTTPRequest, type: ResourceType, namespace: String?, name: String) async throws -> HTTPResponse {
        let live = try await service.get(type, namespace: namespace, name: name)
        switch request.method {
        case "GET":
            return Self.json(Self.scaleObject(of: live.object, type: type))
        case "PUT", "PATCH":
            let current = Self.scaleObject(of: live.object, type: type)
            let body = try decodeBody(request)
            let proposed: Node
            switch (request.method, request.header("Content-Type")?.split(separator: ";").first.map(String.init) ?? "") {
            case ("PUT", _): proposed = body
            case (_, "application/json-patch+json"): proposed = (try? JSONPatch.apply(body, to: current)) ?? current
            default: proposed = JSONMergePatch.apply(body, to: current)
            }
            guard let replicas = proposed[path: ["spec", "replicas"]] else {
                throw APIError.badRequest("spec.replicas is required")
            }
            var patch = Node.emptyMapping
            patch[path: type.scaleSpecPath] = replicas
            var options = writeOptions(request, scope: .main)
            options.scope = .main
            let updated = try await service.change(type, namespace: namespace, name: name, .mergePatch(patch), options: options)
            return Self.json(Self.scaleObject(of: updated.object, type: type))
        default:
            throw APIError.methodNotAllowed()
        }
    }

    static func scaleObject(of object: Node, type: ResourceType) -> Node {
        var metadata = Mapping()
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = object[path: ["metadata", field]] { metadata[field] = value }
        }
        var status = Mapping(["replicas": .int(Int(object[path: type.scaleStatusPath]?.text ?? "") ?? 0)])
        if let path = type.scaleSelectorPath, let selector = object[path: path]?.string {
            status["selector"] = .string(selector)
        } else if let selector = object[path: ["spec", "selector"]] {
            status["selector"] = .string(LabelSelector(node: selector).text)
        }
        return .mapping(Mapping([
            "kind": .string("Scale"), "apiVersion": .string("autoscaling/v1"), "metadata": .mapping(metadata),
            "spec": .mapping(Mapping(["replicas": .int(Int(object[path: type.scaleSpecPath]?.text ?? "") ?? 0)])),
            "status": .mapping(status),
        ]))
    }
}
