import Digests
import Manifests

/// The minimal OpenAPI v3 documents kubectl needs to validate and apply (kube-api.md §4).
///
/// Each kind gets one PATCH operation with its group-version-kind and a
/// `fieldValidation` parameter, so kubectl validates server-side. Strategic merge
/// patch is deliberately not listed: without full schemas kubectl would warn.
struct OpenAPIDocuments {
    let registry: ResourceRegistry

    /// `api/v1`, `apis/apps/v1`, … for every served group-version.
    var groupVersionPaths: [(path: String, group: String, version: String)] {
        var result: [(String, String, String)] = [("api/v1", "", "v1")]
        for group in registry.groups {
            for version in group.versions { result.append(("apis/\(group.name)/\(version)", group.name, version)) }
        }
        return result
    }

    func root() throws -> Node {
        var paths = Mapping()
        for entry in groupVersionPaths {
            let document = try JSON.serialize(document(group: entry.group, version: entry.version))
            paths[entry.path] = .mapping(Mapping([
                "serverRelativeURL": .string("/openapi/v3/\(entry.path)?hash=\(Self.hash(document))"),
            ]))
        }
        return .mapping(Mapping(["paths": .mapping(paths)]))
    }

    func document(group: String, version: String) -> Node {
        var paths = Mapping()
        var schemas = Mapping()
        for type in registry.all where type.group == group && type.version == version {
            let path = type.pathPrefix + (type.namespaced ? "/namespaces/{namespace}" : "") + "/\(type.plural)/{name}"
            let kind = Discovery.kindNode(group, version, type.kind)
            let parameters: [Node] = [("fieldValidation", "string"), ("fieldManager", "string"), ("dryRun", "string"),
                                      ("force", "boolean")].map { name, schemaType in
                .mapping(Mapping([
                    "name": .string(name), "in": .string("query"),
                    "schema": .mapping(Mapping(["type": .string(schemaType)])),
                ]))
            }
            paths[path] = .mapping(Mapping([
                "patch": .mapping(Mapping([
                    "x-kubernetes-group-version-kind": kind,
                    "x-kubernetes-action": .string("patch"),
                    "parameters": .sequence(parameters),
                    "requestBody": .mapping(Mapping(["content": .mapping(Mapping([
                        "application/json-patch+json": .emptyMapping,
                        "application/merge-patch+json": .emptyMapping,
                        "application/apply-patch+yaml": .emptyMapping,
                    ]))])),
                    "responses": .mapping(Mapping(["200": .mapping(Mapping(["description": .string("OK")]))])),
                ])),
            ]))
            // A custom kind publishes its CRD's schema, so `kubectl explain` can describe it;
            // built-in kinds stay minimal (kube-api.md §4).
            var schema = type.openAPISchema?.source ?? .mapping(Mapping(["type": .string("object")]))
            schema["x-kubernetes-group-version-kind"] = .sequence([kind])
            schemas["\(group.isEmpty ? "core" : group).\(version).\(type.kind)"] = schema
        }
        return .mapping(Mapping([
            "openapi": .string("3.0.0"),
            "info": .mapping(Mapping(["title": .string("Kubernetes"), "version": .string("v1.32.4")])),
            "paths": .mapping(paths),
            "components": .mapping(Mapping(["schemas": .mapping(schemas)])),
        ]))
    }

    /// FNV-1a, hex: a content hash so kubectl's cache notices new CRD versions.
    static func hash(_ text: String) -> String {
        let hex = String(FNV1a.hash(text), radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
