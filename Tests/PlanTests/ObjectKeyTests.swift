import Manifests
import Testing
@testable import Plan

@Suite("ObjectKey")
struct ObjectKeyTests {
    @Test("keys an object by group, kind, namespace and name, not by version")
    func versionIgnored() throws {
        let v1 = try object("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n")
        let beta = try object("apiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n")
        #expect(ObjectKey(of: v1) == ObjectKey(of: beta))
        #expect(ObjectKey(of: v1) == ObjectKey(group: "apps", kind: "Deployment", namespace: "shop", name: "web"))
    }

    @Test("a cluster-scoped object has an empty namespace")
    func clusterScoped() throws {
        let key = ObjectKey(of: try object("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n"))
        #expect(key.isClusterScoped)
        #expect(key.description == "Namespace/shop")
    }

    @Test("objects of one kind and name in two groups or namespaces are different", arguments: [
        ObjectKey(group: "example.com", kind: "Deployment", namespace: "shop", name: "web"),
        ObjectKey(group: "apps", kind: "Deployment", namespace: "shop2", name: "web"),
        ObjectKey(group: "apps", kind: "Deployment", name: "web"),
    ])
    func distinct(other: ObjectKey) {
        #expect(ObjectKey(group: "apps", kind: "Deployment", namespace: "shop", name: "web") != other)
    }

    @Test("prints as Kind/namespace/name and its group-kind as kubectl does", arguments: [
        (ObjectKey(group: "apps", kind: "Deployment", namespace: "shop", name: "web"), "Deployment/shop/web", "Deployment.apps"),
        (ObjectKey(kind: "Service", namespace: "shop", name: "web"), "Service/shop/web", "Service"),
        (ObjectKey(group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view"), "ClusterRole/view",
         "ClusterRole.rbac.authorization.k8s.io"),
    ])
    func printing(key: ObjectKey, description: String, groupKind: String) {
        #expect(key.description == description)
        #expect(key.groupKind == groupKind)
    }
}
