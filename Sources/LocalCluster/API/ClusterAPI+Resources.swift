import Manifests

extension ClusterAPI {
    /// `{prefix}[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]`.
    func resource(_ request: HTTPRequest, group: String, version: String, rest: [String]) async throws -> HTTPResponse {
        var rest = rest
        var namespace: String?
        if rest.count >= 3, rest[0] == "namespaces", !(rest.count == 3 && ["status", "finalize"].contains(rest[2])) {
            namespace = rest[1]
            rest = Array(rest[2...])
        }
        guard (1...3).contains(rest.count) else { throw APIError.unknownPath }
        let registry = await store.registry
        guard let type = registry.find(group: group, version: version, plural: rest[0]) else { throw APIError.unknownPath }
        if namespace != nil && !type.namespaced { throw APIError.unknownPath }
        let name = rest.count > 1 ? rest[1] : nil
        let subresource = rest.count > 2 ? rest[2] : nil
        if let subresource, !type.subresources.contains(subresource) { throw APIError.unknownPath }
        if Self.reviewGroups.contains(type.group) && name == nil {
            return try review(request, type: type, namespace: namespace)
        }
        if subresource == "scale" { return try await scale(request, type: type, namespace: namespace, name: name ?? "") }
        if subresource == "token", let namespace, let name { return try await token(request, type: type, namespace: namespace, name: name) }
        // A CSR's `approval` writes its status' conditions: the status scope, as near as it gets.
        let scope: FieldScope = subresource == "status" || subresource == "approval" ? .status : .main
        // Writes at a converted version are done at the stored one (reads share its storage key).
        let conversion = VersionConversion.for(type)
        let stored = conversion.flatMap { _ in registry.find(storageKey: type.storageKey) } ?? type
        let schema = registry.schema(for: stored)

        switch (request.method, name) {
        case ("GET", nil):
            if ["1", "true"].contains(request.query["watch"] ?? "") {
                return try await watch(request, type: type, namespace: namespace)
            }
            return try await list(request, type: type, namespace: namespace)
        case ("GET", let name?):
            let found = try await service.get(type, namespace: namespace, name: name)
            return single(found.object, json: found.json, type: type, request: request)
        case ("POST", nil):
            if type.namespaced && namespace == nil { throw APIError.methodNotAllowed() }
            var options = writeOptions(request, scope: .main)
            let body = try decodeBody(request, duplicates: &options.duplicateFields)
            options.schema = schema
            let created = try await service.create(stored, namespace: namespace, object: conversion?.up(body) ?? body,
                                                   options: options)
            return single(created.object, json: created.json, type: type, request: request, status: 201)
        case ("PUT", let name?):
            var options = writeOptions(request, scope: scope)
            let body = try decodeBody(request, duplicates: &options.duplicateFields)
            options.schema = schema
            let updated = try await service.update(stored, namespace: namespace, name: name, object: conversion?.up(body) ?? body,
                                                   options: options)
            return single(updated.object, json: updated.json, type: type, request: request)
        case ("PATCH", let name?):
            return try await patch(request, type: type, namespace: namespace, name: name, scope: scope, schema: schema)
        case ("DELETE", let name?):
            let result = try await service.delete(stored, namespace: namespace, name: name, options: try deleteOptions(request))
            var response = ObjectService.deleteResponse(result, type: stored)
            if let conversion, response["kind"]?.string == stored.kind { response = conversion.down(response) }
            return Self.json(response)
        case ("DELETE", nil):
            return try await deleteCollection(request, type: type, namespace: namespace)
        default:
            throw APIError.methodNotAllowed()
        }
    }

    func patch(_ request: HTTPRequest, type: ResourceType, namespace: String?, name: String, scope: FieldScope,
               schema: FieldSchema) async throws -> HTTPResponse {
        let contentType = request.mediaType
        var options = writeOptions(request, scope: scope)
        options.schema = schema
        let conversion = VersionConversion.for(type)
        options.conversion = conversion
        let served = type
        let type = conversion == nil ? type : await store.registry.find(storageKey: type.storageKey) ?? type
        let change: ObjectService.Change
        switch contentType {
        case "application/apply-patch+yaml", "application/apply-patch+json":
            // Apply never falls back to the User-Agent: the manager must be named. At a converted
            // version the configuration is applied in the stored form (fields are owned there).
            var options = options
            options.fieldManager = request.query["fieldManager"] ?? ""
            var config = try decodeBody(request, yaml: true)
            if let conversion, config["apiVersion"]?.string == served.groupVersion { config = conversion.up(config) }
            let result = try await service.apply(type, namespace: namespace, name: name, config: config, options: options)
            return single(result.object, json: result.json, type: served, request: request, status: result.created ? 201 : 200)
        case "application/merge-patch+json":
            change = .mergePatch(try decodeBody(request, duplicates: &options.duplicateFields))
        case "application/json-patch+json":
            change = .jsonPatch(try decodeBody(request, duplicates: &options.duplicateFields))
        case "application/strategic-merge-patch+json":
            if type.isCustom {
                throw APIError.unsupportedMediaType(["application/json-patch+json", "application/merge-patch+json",
                                                     "application/apply-patch+yaml"])
            }
            change = .strategicMergePatch(try decodeBody(request, duplicates: &options.duplicateFields))
        default:
            throw APIError.unsupportedMediaType(["application/json-patch+json", "application/merge-patch+json",
                                                 "application/apply-patch+yaml", "application/strategic-merge-patch+json"])
        }
        let updated = try await service.change(type, namespace: namespace, name: name, change, options: options)
        return single(updated.object, json: updated.json, type: served, request: request)
    }

    func deleteCollection(_ request: HTTPRequest, type: ResourceType, namespace: String?) async throws -> HTTPResponse {
        let labels = try LabelSelector(parsing: request.query["labelSelector"] ?? "")
        let fields = try FieldSelector(parsing: request.query["fieldSelector"] ?? "", kind: type.kind)
        let options = try deleteOptions(request)
        for item in await store.list(storageKey: type.storageKey, namespace: namespace).items
        where labels.matches(Validator.labels(of: item.object, at: ["metadata", "labels"])) && fields.matches(item.object) {
            do {
                _ = try await service.delete(type, namespace: item.key.namespace, name: item.key.name, options: options)
            } catch let error as APIError where error.code == 404 {
                continue
            }
        }
        return Self.json(.mapping(Mapping([
            "kind": .string("Status"), "apiVersion": .string("v1"), "metadata": .emptyMapping, "status": .string("Success"),
        ])))
    }

    // MARK: request decoding

    func writeOptions(_ request: HTTPRequest, scope: FieldScope) -> WriteOptions {
        let agent = request.header("User-Agent").map { String($0.split(separator: "/").first ?? "") } ?? ""
        var options = WriteOptions(fieldManager: request.query["fieldManager"] ?? agent,
                                   dryRun: request.query["dryRun"] == "All",
                                   force: request.query["force"] == "true", scope: scope)
        options.fieldValidation = request.query["fieldValidation"].flatMap(FieldValidation.init(rawValue:)) ?? .warn
        return options
    }

    func deleteOptions(_ request: HTTPRequest) throws -> DeleteOptions {
        var options = DeleteOptions()
        var policy = request.query["propagationPolicy"]
        options.dryRun = request.query["dryRun"] == "All"
        if !request.body.isEmpty, let body = try? JSON.parse(request.body) {
            if let value = body["propagationPolicy"]?.string { policy = value }
            if body["orphanDependents"]?.text == "true" && policy == nil { policy = "Orphan" }
            if body["dryRun"]?.sequence?.contains(.string("All")) == true { options.dryRun = true }
            options.preconditionUID = body[path: ["preconditions", "uid"]]?.string
            options.preconditionResourceVersion = body[path: ["preconditions", "resourceVersion"]]?.string
        }
        if let policy {
            guard let propagation = DeleteOptions.Propagation(rawValue: policy) else {
                throw APIError.badRequest("propagationPolicy: Unsupported value: \"\(policy)\"")
            }
            options.propagation = propagation
        }
        return options
    }

    /// A body whose repeated keys keep their last value, as Go's decoder does; `duplicates` names
    /// them for `fieldValidation` to judge.
    func decodeBody(_ request: HTTPRequest, duplicates: inout [String]) throws -> Node {
        let collapsed = DuplicateFields.collapse(try decodeBody(request))
        duplicates = collapsed.duplicates
        return collapsed.node
    }

    /// A JSON body, a YAML one (`application/yaml`, and apply configurations when `yaml`), or protobuf.
    func decodeBody(_ request: HTTPRequest, yaml: Bool = false) throws -> Node {
        let contentType = request.mediaType
        if contentType == "application/vnd.kubernetes.protobuf" {
            do {
                return try ProtobufDecoder.decode(request.body)
            } catch let failure as ProtobufDecoder.Failure {
                var error = APIError.unsupportedMediaType(["application/json", "application/yaml"])
                error.message += " (\(failure.message))"
                throw error
            }
        }
        let firstByte = request.body.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        do {
            if (yaml || contentType == "application/yaml") && firstByte != UInt8(ascii: "{") {
                guard let document = try YAMLParser(source: "request body").parse(request.body).first else {
                    throw APIError.badRequest("the request body is empty")
                }
                return document
            }
            return try JSON.parse(request.body, source: "request body")
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("error decoding the request body: \(error)")
        }
    }

    // MARK: responses

    /// One object, as JSON or (when kubectl asks for it) as a one-row Table.
    func single(_ object: Node, json: [UInt8]? = nil, type: ResourceType, request: HTTPRequest, status: Int = 200) -> HTTPResponse {
        if TableBuilder.wantsTable(request.header("Accept")) {
            let builder = TableBuilder(type: type, includeObject: request.query["includeObject"] ?? "Metadata")
            let version = object[path: ["metadata", "resourceVersion"]]?.text ?? ""
            return Self.json(builder.table([object], resourceVersion: version), status: status, contentType: TableBuilder.contentType)
        }
        if let conversion = VersionConversion.for(type) { return Self.json(conversion.down(object), status: status) }
        if let json, !type.isCustom || object["apiVersion"]?.string == type.groupVersion {
            return Self.raw(json, status: status)
        }
        var object = object
        if type.isCustom { object["apiVersion"] = .string(type.groupVersion) }
        return Self.json(object, status: status)
    }
}
