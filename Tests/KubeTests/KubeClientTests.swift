import Foundation
@testable import Kube
import Manifests
import Testing

/// The client against the local cluster over HTTPS, as its admin by client certificate.
@Suite("KubeClient against the local cluster")
struct KubeClientTests {
    typealias Clusters = TestClusters

    @Test("apply creates an object, then applying it again changes nothing")
    func applyCreatesThenUnchanged() async throws {
        try await Clusters.withClient("apply") { client, namespace in
            let object = Clusters.configMap("settings", data: ["mode": "fast"])
            let created = try await client.apply(object)
            #expect(created.created)
            #expect(created.object[path: ["metadata", "namespace"]]?.text == namespace)
            let again = try await client.apply(object)
            #expect(!again.created)
            #expect(again.resourceVersion == created.resourceVersion)
            let managers = again.object[path: ["metadata", "managedFields"]]?.sequence?.compactMap { $0["manager"]?.text }
            #expect(managers == ["git-ops"])
        }
    }

    @Test("a dry-run apply returns the would-be object and changes nothing")
    func dryRun() async throws {
        try await Clusters.withClient("dryrun") { client, _ in
            let planned = try await client.apply(Clusters.configMap("new", data: ["a": "1"]), dryRun: true)
            #expect(planned.object[path: ["data", "a"]]?.text == "1")
            #expect(try await client.get(Clusters.configMapKind, name: "new") == nil)
            let live = try await client.apply(Clusters.configMap("live", data: ["a": "1"]))
            let changed = try await client.apply(Clusters.configMap("live", data: ["a": "2"]), dryRun: true)
            #expect(changed.object[path: ["data", "a"]]?.text == "2")
            let after = try await client.get(Clusters.configMapKind, name: "live")
            #expect(after?[path: ["data", "a"]]?.text == "1")
            #expect(after?[path: ["metadata", "resourceVersion"]]?.text == live.resourceVersion)
        }
    }

    @Test("list reads every page with a small limit, and selects by label")
    func listPages() async throws {
        var options = KubeClient.Options()
        options.pageSize = 2
        try await Clusters.withClient("list", options: options) { client, namespace in
            for index in 0..<5 {
                _ = try await client.apply(Clusters.configMap("item-\(index)", labels: ["parity": index % 2 == 0 ? "even" : "odd"], data: [:]))
            }
            let all = try await client.list(Clusters.configMapKind, namespace: namespace)
            let names = all.items.compactMap { $0[path: ["metadata", "name"]]?.text }.filter { $0.hasPrefix("item-") }
            #expect(names.sorted() == (0..<5).map { "item-\($0)" })
            #expect(all.items.allSatisfy { $0["kind"]?.text == "ConfigMap" && $0["apiVersion"]?.text == "v1" })
            #expect(!all.resourceVersion.isEmpty)
            let even = try await client.list(Clusters.configMapKind, namespace: namespace, labelSelector: "parity in (even)")
            #expect(even.items.count == 3)
            let notEven = try await client.list(Clusters.configMapKind, namespace: namespace, labelSelector: "parity!=even,parity")
            #expect(notEven.items.count == 2)
        }
    }

    @Test("delete with foreground propagation leaves the owner deleting until its dependents go; a second delete finds nothing")
    func deleteWithPropagation() async throws {
        try await Clusters.withClient("delete") { client, namespace in
            let deployment = try Clusters.object("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: nginx}]}
                """)
            let applied = try await client.apply(deployment)
            let kind = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
            let uid = try #require(applied.object[path: ["metadata", "uid"]]?.text)
            await #expect(throws: KubeError.self) {
                _ = try await client.delete(kind, name: "web", preconditionUID: "not-\(uid)")
            }
            let result = try await client.delete(kind, name: "web", propagation: .foreground, preconditionUID: uid)
            switch result {
            case .deleting(let object):
                #expect(object[path: ["metadata", "finalizers"]]?.sequence?.contains(.string("foregroundDeletion")) == true)
            case .deleted:
                break
            case .notFound:
                Issue.record("the Deployment was there")
            }
            let configMap = try await client.apply(Clusters.configMap("gone", namespace: namespace, data: [:]))
            #expect(configMap.created)
            #expect(try await client.delete(Clusters.configMapKind, name: "gone") == .deleted)
            #expect(try await client.delete(Clusters.configMapKind, name: "gone") == .notFound)
        }
    }

    @Test("watch from a list's version sees a change made after it")
    func watchSeesEvent() async throws {
        try await Clusters.withClient("watch") { client, namespace in
            let start = try await client.list(Clusters.configMapKind, namespace: namespace)
            let events = client.watch(Clusters.configMapKind, namespace: namespace, from: start.resourceVersion)
            _ = try await client.apply(Clusters.configMap("watched", data: ["a": "1"]))
            var seen: WatchEvent?
            for try await event in events {
                if case .added(let object) = event, object[path: ["metadata", "name"]]?.text == "watched" {
                    seen = event
                    break
                }
            }
            #expect(seen != nil)
        }
    }

    @Test("watch from a version older than the server's history lists again and goes on")
    func watchRelists() async throws {
        // A restarted cluster's history starts at its start: versions before it are gone (410).
        let data = try Scratch()
        let first = try await Clusters.start(data: data.path)
        let before = try await KubeClient.with(try Clusters.connection(first)) { client in
            try await client.apply(Clusters.configMap("present", data: [:])).resourceVersion
        }
        await first.stop()
        let second = try await Clusters.start(data: data.path)
        defer { Task { await second.stop() } }
        try await KubeClient.with(try Clusters.connection(second)) { client in
            _ = try await client.apply(Clusters.configMap("later", data: [:]))
            // The restarted store's history starts at its last version: 1 is long gone.
            _ = before
            for try await event in client.watch(Clusters.configMapKind, namespace: "default", from: "1") {
                guard case .relisted(let list) = event else { continue }
                let names = list.items.compactMap { $0[path: ["metadata", "name"]]?.text }
                #expect(names.contains("present") && names.contains("later"))
                break
            }
        }
    }

    @Test("a kind a CRD adds at run time is found by refreshing discovery once")
    func discoveryRefresh() async throws {
        try await Clusters.withClient("crd") { client, _ in
            let group = "g\(UUID().uuidString.lowercased().prefix(8)).example.com"
            let kind = GroupVersionKind(group: group, version: "v1", kind: "Gadget")
            // Discovery is fetched and cached before the CRD exists.
            _ = try await client.resource(for: Clusters.configMapKind)
            await #expect(throws: KubeError.self) { try await client.resource(for: kind) }
            _ = try await client.apply(try Clusters.object("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: gadgets.\(group)}
                spec:
                  group: \(group)
                  scope: Namespaced
                  names: {plural: gadgets, singular: gadget, kind: Gadget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """))
            let applied = try await client.apply(try Clusters.object("apiVersion: \(group)/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 3}"))
            #expect(applied.created)
            let resource = try await client.resource(for: kind)
            #expect(resource.name == "gadgets" && resource.namespaced)
        }
    }

    @Test("an unknown kind is an error that says what may be missing")
    func unknownKind() async throws {
        try await Clusters.withClient("unknown") { client, _ in
            await #expect {
                try await client.apply(try Clusters.object("apiVersion: nowhere.example.com/v1\nkind: Thing\nmetadata: {name: t}"))
            } throws: { error in
                guard let error = error as? KubeError else { return false }
                return error.code == .unknownKind && error.message.hasSuffix("has no resource for Thing in nowhere.example.com/v1; "
                                                                             + "is its CustomResourceDefinition applied and established?")
            }
        }
    }

    @Test("an apply that conflicts with another manager is a 409 naming the fields; force takes them over")
    func conflict() async throws {
        try await Clusters.withClient("conflict") { client, namespace in
            _ = try await client.apply(Clusters.configMap("shared", data: ["owner": "kubectl"]), fieldManager: "kubectl")
            do {
                _ = try await client.apply(Clusters.configMap("shared", data: ["owner": "git-ops"]))
                Issue.record("the apply did not conflict")
            } catch let error as KubeError {
                #expect(error.httpStatus == 409)
                #expect(error.reason == "Conflict")
                #expect(error.isFieldManagerConflict)
                #expect(error.causes.map(\.field) == [".data.owner"])
                #expect(error.message.hasPrefix("cannot apply ConfigMap/\(namespace)/shared: Apply failed with 1 conflict: "), "\(error)")
            }
            let forced = try await client.apply(Clusters.configMap("shared", data: ["owner": "git-ops"]), force: true)
            #expect(forced.object[path: ["data", "owner"]]?.text == "git-ops")
        }
    }

    @Test("an invalid object is a 422 with its causes")
    func invalid() async throws {
        try await Clusters.withClient("invalid") { client, namespace in
            let deployment = try Clusters.object("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: bad}
                spec:
                  selector: {matchLabels: {app: one}}
                  template:
                    metadata: {labels: {app: two}}
                    spec: {containers: [{name: c, image: nginx}]}
                """)
            do {
                _ = try await client.apply(deployment)
                Issue.record("the invalid Deployment was accepted")
            } catch let error as KubeError {
                #expect(error.isInvalid)
                #expect(error.reason == "Invalid")
                #expect(error.causes.contains { $0.field == "spec.template.metadata.labels" }, "\(error.causes)")
                #expect(error.message.hasPrefix("cannot apply Deployment/\(namespace)/bad: "))
            }
        }
    }

    @Test("an object without a name is refused before anything is sent")
    func nameless() async throws {
        try await Clusters.withClient("nameless") { client, _ in
            await #expect(throws: KubeError(.invalidObject, "cannot apply ConfigMap/: an object needs apiVersion, kind and metadata.name")) {
                try await client.apply(try Clusters.object("apiVersion: v1\nkind: ConfigMap\nmetadata: {}"))
            }
        }
    }

    @Test("cluster-scoped objects are applied and read without a namespace")
    func clusterScoped() async throws {
        try await Clusters.withClient("scope") { client, namespace in
            let kind = GroupVersionKind(group: "", version: "v1", kind: "Namespace")
            let object = try #require(try await client.get(kind, name: namespace))
            #expect(object[path: ["metadata", "name"]]?.text == namespace)
            #expect(try await client.resource(for: kind).namespaced == false)
        }
    }

    @Test("both discovery forms of the server give the same resources")
    func legacyDiscovery() async throws {
        try await Clusters.withClient("legacy") { client, _ in
            let aggregated = try await client.resources()
            let action = "discover"
            var legacy: [APIResource] = []
            let api = try KubeClient.document(try await client.transport.send(KubeRequest(method: .GET, path: "/api", idempotent: true, action: action)), action)
            let apis = try KubeClient.document(try await client.transport.send(KubeRequest(method: .GET, path: "/apis", idempotent: true, action: action)), action)
            for version in DiscoveryDocument.coreVersions(api) + DiscoveryDocument.groupVersions(apis) {
                let path = version.group.isEmpty ? "/api/\(version.version)" : "/apis/\(version.group)/\(version.version)"
                let list = try KubeClient.document(try await client.transport.send(KubeRequest(method: .GET, path: path, idempotent: true, action: action)), action)
                legacy += DiscoveryDocument.resourceList(list, group: version.group, version: version.version, preferred: version.preferred)
            }
            func key(_ resource: APIResource) -> String {
                "\(resource.kind.apiVersion) \(resource.kind.kind) \(resource.name) \(resource.namespaced) \(resource.preferred)"
            }
            // Other tests add CRDs of their own groups meanwhile: compare the built-in ones.
            let builtin = { (resource: APIResource) in !resource.kind.group.hasSuffix(".example.com") }
            let (legacyKeys, aggregatedKeys) = (Set(legacy.filter(builtin).map(key)), Set(aggregated.filter(builtin).map(key)))
            #expect(legacyKeys.subtracting(aggregatedKeys).sorted() == [])
            #expect(aggregatedKeys.subtracting(legacyKeys).sorted() == [])
            #expect(aggregated.contains { $0.kind.kind == "Deployment" && $0.name == "deployments" && $0.preferred })
        }
    }
}
