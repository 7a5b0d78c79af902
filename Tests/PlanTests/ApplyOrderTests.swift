import Testing
@testable import Plan

@Suite("ApplyOrder")
struct ApplyOrderTests {
    static let crd = ObjectKey(group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", name: "widgets.example.com")
    static let namespace = ObjectKey(kind: "Namespace", name: "shop")
    static let clusterRole = ObjectKey(group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "reader")
    static let storageClass = ObjectKey(group: "storage.k8s.io", kind: "StorageClass", name: "fast")
    static let ingressClass = ObjectKey(group: "networking.k8s.io", kind: "IngressClass", name: "nginx")
    static let serviceAccount = ObjectKey(kind: "ServiceAccount", namespace: "shop", name: "web")
    static let configMap = ObjectKey(kind: "ConfigMap", namespace: "shop", name: "settings")
    static let service = ObjectKey(kind: "Service", namespace: "shop", name: "web")
    static let deploymentA = ObjectKey(group: "apps", kind: "Deployment", namespace: "shop", name: "api")
    static let deploymentB = ObjectKey(group: "apps", kind: "Deployment", namespace: "shop", name: "web")
    static let deploymentOther = ObjectKey(group: "apps", kind: "Deployment", namespace: "admin", name: "web")
    static let widget = ObjectKey(group: "example.com", kind: "Widget", namespace: "shop", name: "w")
    static let ingress = ObjectKey(group: "networking.k8s.io", kind: "Ingress", namespace: "shop", name: "web")
    static let webhook = ObjectKey(group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration", name: "v")
    static let mutating = ObjectKey(group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration", name: "m")

    static let applied = [
        crd, namespace, clusterRole,
        storageClass, ingressClass,
        serviceAccount, configMap, service, deploymentOther, deploymentA, deploymentB,
        widget, ingress,
        mutating, webhook,
    ]

    @Test("applies a mixed set stage by stage, then by Flux's kind order, group, namespace and name")
    func mixedSet() {
        let shuffled = [Self.webhook, Self.widget, Self.deploymentB, Self.ingressClass, Self.service, Self.namespace,
                        Self.ingress, Self.mutating, Self.deploymentA, Self.configMap, Self.storageClass, Self.crd,
                        Self.serviceAccount, Self.clusterRole, Self.deploymentOther]
        #expect(ApplyOrder().applyOrder(shuffled) == Self.applied)
    }

    @Test("the order does not depend on the input order")
    func stable() {
        let order = ApplyOrder()
        #expect(order.applyOrder(Self.applied.reversed()) == order.applyOrder(Self.applied))
    }

    @Test("puts each object in the first stage whose test it passes", arguments: [
        (crd, ApplyOrder.Stage.definitions),
        (namespace, .definitions),
        (clusterRole, .definitions),
        (storageClass, .classes),
        (ObjectKey(group: "example.com", kind: "WidgetClass", name: "w"), .classes),
        (ObjectKey(group: "example.com", kind: "Namespace", name: "n"), .resources),
        (ObjectKey(group: "example.com", kind: "ClusterRole", name: "r"), .resources),
        (ObjectKey(group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding", name: "r"), .resources),
        (deploymentA, .resources),
        (widget, .resources),
    ])
    func stage(key: ObjectKey, expected: ApplyOrder.Stage) {
        #expect(ApplyOrder().stage(of: key) == expected)
    }

    @Test("compares definition kinds without case, as Flux does")
    func definitionCase() {
        #expect(ApplyOrder().stage(of: ObjectKey(kind: "namespace", name: "n")) == .definitions)
    }

    @Test("a listed custom stage kind goes between classes and resources")
    func customStage() {
        let order = ApplyOrder(customStageKinds: ["Widget.example.com"])
        #expect(order.stage(of: Self.widget) == .custom)
        let stages = order.stages([Self.deploymentA, Self.widget, Self.namespace, Self.storageClass])
        #expect(stages.map(\.stage) == [.definitions, .classes, .custom, .resources])
        #expect(stages.map(\.keys) == [[Self.namespace], [Self.storageClass], [Self.widget], [Self.deploymentA]])
    }

    @Test("waits for definitions and classes only", arguments: ApplyOrder.Stage.allCases)
    func waited(stage: ApplyOrder.Stage) {
        #expect(stage.isWaitedFor == [.definitions, .classes].contains(stage))
    }

    @Test("prunes in the reverse sort order: webhooks first, custom resources next, CRDs last")
    func pruneOrder() {
        let order = ApplyOrder().pruneOrder(Self.applied.shuffled())
        #expect(order == [
            Self.webhook, Self.mutating,
            Self.ingress, Self.widget,
            Self.deploymentB, Self.deploymentA, Self.deploymentOther, Self.service, Self.configMap,
            Self.serviceAccount, Self.ingressClass, Self.storageClass,
            Self.clusterRole, Self.namespace, Self.crd,
        ])
    }
}
