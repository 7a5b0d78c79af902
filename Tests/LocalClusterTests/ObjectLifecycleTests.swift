import Foundation
import Testing
import Manifests
@testable import LocalCluster

/// Object semantics over HTTP: namespaces, finalizers, garbage collection, validation, discovery, protobuf.
@Suite("object lifecycle")
struct ObjectLifecycleTests {
    static func setUp() async throws -> (APIClient, String) {
        let client = APIClient(base: try await TestCluster.server().url)
        let namespace = TestCluster.uniqueName("life")
        try await client.namespace(namespace)
        return (client, namespace)
    }

    /// Polls `condition` (every 50 ms, at most a minute): for effects of the simulated controllers.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<1200 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("an object needs its namespace: 404 naming the namespace")
    func missingNamespace() async throws {
        let client = APIClient(base: try await TestCluster.server().url)
        let response = try await client.send("POST", "/api/v1/namespaces/nowhere/configmaps", body: #"{"metadata":{"name":"c"}}"#)
        #expect(response.status == 404)
        #expect(response.json?["message"]?.string == #"namespaces "nowhere" not found"#)
    }

    @Test("a finalizer keeps a deleted object until it is removed; none may be added meanwhile")
    func finalizers() async throws {
        let (client, namespace) = try await Self.setUp()
        let path = "/api/v1/namespaces/\(namespace)/configmaps"
        _ = try await client.send("POST", path, body: #"{"metadata":{"name":"held","finalizers":["example.com/hold"]}}"#)
        let deleted = try await client.send("DELETE", path + "/held")
        #expect(deleted.status == 200)
        #expect(deleted.json?[path: ["metadata", "deletionTimestamp"]] != nil)
        #expect(try await client.send("GET", path + "/held").status == 200)
        let added = try await client.send("PATCH", path + "/held", body: #"{"metadata":{"finalizers":["example.com/hold","example.com/more"]}}"#,
                                          contentType: "application/merge-patch+json")
        #expect(added.status == 422)
        let released = try await client.send("PATCH", path + "/held", body: #"{"metadata":{"finalizers":null}}"#,
                                             contentType: "application/merge-patch+json")
        #expect(released.status == 200)
        #expect(try await client.send("GET", path + "/held").status == 404)
    }

    @Test("deleting an owner deletes its dependents in the background; orphan keeps them")
    func garbageCollection() async throws {
        let (client, namespace) = try await Self.setUp()
        let path = "/api/v1/namespaces/\(namespace)/configmaps"
        for owner in ["owner", "kept-owner"] {
            let created = try await client.send("POST", path, body: #"{"metadata":{"name":"\#(owner)"}}"#)
            let uid = created.json?[path: ["metadata", "uid"]]?.string ?? ""
            _ = try await client.send("POST", path, body: #"{"metadata":{"name":"\#(owner)-child","ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"\#(owner)","uid":"\#(uid)"}]}}"#)
        }
        _ = try await client.send("DELETE", path + "/owner", body: #"{"propagationPolicy":"Background"}"#)
        let collected = try await Self.eventually { try await client.send("GET", path + "/owner-child").status == 404 }
        #expect(collected)
        _ = try await client.send("DELETE", path + "/kept-owner", body: #"{"propagationPolicy":"Orphan"}"#)
        let ownerGone = try await Self.eventually { try await client.send("GET", path + "/kept-owner").status == 404 }
        #expect(ownerGone)
        let child = try await client.send("GET", path + "/kept-owner-child")
        #expect(child.status == 200)
        #expect(child.json?[path: ["metadata", "ownerReferences"]] == nil)
    }

    @Test("a terminating namespace refuses new objects with 403")
    func terminatingNamespace() async throws {
        let (client, namespace) = try await Self.setUp()
        let path = "/api/v1/namespaces/\(namespace)/configmaps"
        _ = try await client.send("POST", path, body: #"{"metadata":{"name":"held","finalizers":["example.com/hold"]}}"#)
        let deleted = try await client.send("DELETE", "/api/v1/namespaces/\(namespace)")
        #expect(deleted.json?[path: ["status", "phase"]]?.string == "Terminating")
        let refused = try await client.send("POST", path, body: #"{"metadata":{"name":"late"}}"#)
        #expect(refused.status == 403)
        #expect(refused.json?["message"]?.string == #"configmaps "late" is forbidden: unable to create new content in namespace \#(namespace) because it is being terminated"#)
        _ = try await client.send("PATCH", path + "/held", body: #"{"metadata":{"finalizers":null}}"#, contentType: "application/merge-patch+json")
        let gone = try await Self.eventually { try await client.send("GET", "/api/v1/namespaces/\(namespace)").status == 404 }
        #expect(gone)
    }

    @Test("a Deployment whose selector does not match its template is 422 Invalid")
    func invalidSelector() async throws {
        let (client, namespace) = try await Self.setUp()
        let body = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"bad"},"spec":{"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}"#
        let response = try await client.send("POST", "/apis/apps/v1/namespaces/\(namespace)/deployments", body: body)
        #expect(response.status == 422)
        #expect(response.json?["reason"]?.string == "Invalid")
        #expect(response.json?[path: ["details", "causes"]]?.sequence?.first?["field"]?.string == "spec.template.metadata.labels")
    }

    @Test("Services get a cluster IP; a Job annotated to fail fails")
    func serviceAndFailingJob() async throws {
        let (client, namespace) = try await Self.setUp()
        let service = try await client.send("POST", "/api/v1/namespaces/\(namespace)/services",
                                            body: #"{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}"#)
        #expect(service.json?[path: ["spec", "clusterIP"]]?.string?.hasPrefix("10.96.") == true)
        #expect(service.json?[path: ["spec", "ports"]]?.sequence?.first?["targetPort"]?.text == "80")
        let job = #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j","annotations":{"localcluster.git-ops.dev/fail-rollout":"true"}},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}"#
        _ = try await client.send("POST", "/apis/batch/v1/namespaces/\(namespace)/jobs", body: job)
        let failed = try await Self.eventually {
            let conditions = try await client.send("GET", "/apis/batch/v1/namespaces/\(namespace)/jobs/j").json?[path: ["status", "conditions"]]?.sequence ?? []
            return conditions.contains { $0["type"]?.string == "Failed" && $0["reason"]?.string == "BackoffLimitExceeded" }
        }
        #expect(failed)
    }

    @Test("legacy discovery names the core group-version v1, never /v1")
    func legacyDiscovery() async throws {
        let client = APIClient(base: try await TestCluster.server().url)
        let api = try await client.send("GET", "/api")
        #expect(api.json?["kind"]?.string == "APIVersions")
        let core = try await client.send("GET", "/api/v1")
        #expect(core.json?["groupVersion"]?.string == "v1")
        let apps = try await client.send("GET", "/apis/apps")
        #expect(apps.json?[path: ["preferredVersion", "groupVersion"]]?.string == "apps/v1")
        let aggregated = try await client.send("GET", "/apis", accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json")
        #expect(aggregated.headers["content-type"] == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
    }

    @Test("the protobuf body of kubectl create configmap decodes to its JSON object")
    func protobuf() throws {
        let body: [UInt8] = [0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09, 0x43, 0x6f, 0x6e, 0x66, 0x69,
                             0x67, 0x4d, 0x61, 0x70, 0x12, 0x20, 0x0a, 0x16, 0x0a, 0x02, 0x63, 0x31, 0x12, 0x00, 0x1a, 0x04, 0x64,
                             0x65, 0x6d, 0x6f, 0x22, 0x00, 0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00, 0x12, 0x06, 0x0a, 0x01,
                             0x6b, 0x12, 0x01, 0x76, 0x1a, 0x00, 0x22, 0x00]
        let object = try ProtobufDecoder.decode(body)
        #expect(try JSON.serialize(object) == #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","namespace":"demo"},"data":{"k":"v"}}"#)
        #expect(throws: (any Error).self) { try ProtobufDecoder.decode([0x01, 0x02]) }
    }

    @Test("a create or replace sent as application/yaml is read as YAML")
    func yamlBody() async throws {
        let (client, namespace) = try await Self.setUp()
        let path = "/api/v1/namespaces/\(namespace)/configmaps"
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n"
        let created = try await client.send("POST", path, body: yaml, contentType: "application/yaml")
        #expect(created.status == 201, "\(created.text)")
        #expect(created.json?[path: ["data", "mode"]]?.string == "fast")
        let replaced = try await client.send("PUT", path + "/settings", body: yaml.replacingOccurrences(of: "fast", with: "slow"),
                                             contentType: "application/yaml; charset=utf-8")
        #expect(replaced.status == 200, "\(replaced.text)")
        #expect(replaced.json?[path: ["data", "mode"]]?.string == "slow")
    }
}
