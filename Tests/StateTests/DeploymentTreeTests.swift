import TestSupport
import Manifests
import Testing
@testable import State

@Suite("DeploymentTree")
struct DeploymentTreeTests {
    @Test("keeps each object at <namespace or _cluster>/<group or core>/<Kind>/<name>.yaml", arguments: [
        (ResourceID(group: "apps", version: "v1", kind: "Deployment", namespace: "shop", name: "web"),
         "shop/apps/Deployment/web.yaml"),
        (ResourceID(version: "v1", kind: "Namespace", name: "shop"), "_cluster/core/Namespace/shop.yaml"),
        (ResourceID(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", name: "system:reader"),
         "_cluster/rbac.authorization.k8s.io/ClusterRole/system:reader.yaml"),
        (ResourceID(version: "v1", kind: "ConfigMap", namespace: "shop", name: "web.yaml"),
         "shop/core/ConfigMap/web.yaml.yaml"),
    ])
    func paths(id: ResourceID, path: String) throws {
        #expect(try DeploymentTree.path(of: id) == path)
        var unversioned = id
        unversioned.version = ""
        #expect(DeploymentTree.identity(atPath: path) == unversioned)
    }

    @Test("refuses objects that have no place in the tree", arguments: [
        ResourceID(kind: "", namespace: "shop", name: "web"),
        ResourceID(kind: "ConfigMap", namespace: "shop", name: ""),
        ResourceID(kind: "ConfigMap", namespace: "shop", name: "a/b"),
        ResourceID(kind: "ConfigMap", namespace: "_cluster", name: "x"),
        ResourceID(group: "core", kind: "Thing", name: "x"),
        ResourceID(kind: "..", name: "x"),
    ])
    func refuses(id: ResourceID) {
        let error = #expect(throws: StateError.self) { try DeploymentTree.path(of: id) }
        #expect(error?.code == .invalidObject)
    }

    @Test("reads no identity from paths that are not an object's",
          arguments: ["README.md", "shop/core/ConfigMap/x.yml", "shop/core/x.yaml", "a/b/c/d/e.yaml", "shop/core/ConfigMap/.yaml"])
    func foreignPaths(path: String) {
        #expect(DeploymentTree.identity(atPath: path) == nil)
    }

    @Test("prints each object as kubectl kustomize prints it, and refuses two objects with one identity")
    func files() throws {
        let objects = try StateFixture.objects("""
            kind: ConfigMap
            apiVersion: v1
            metadata: {name: settings, namespace: shop}
            data: {b: "2", a: "1"}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            """)
        let files = try DeploymentTree.files(objects)
        #expect(files.keys.sorted() == ["_cluster/core/Namespace/shop.yaml", "shop/core/ConfigMap/settings.yaml"])
        #expect(String(decoding: try #require(files["shop/core/ConfigMap/settings.yaml"]), as: UTF8.self)
            == (try YAMLEmitter.document(objects[0])))

        let error = #expect(throws: StateError.self) { try DeploymentTree.files([objects[0], objects[0]]) }
        #expect(error?.code == .duplicateObject)
        #expect(error?.message == "cannot record ConfigMap/shop/settings twice in one deployment; render it once")
    }
}
