/// The order in which objects are applied and pruned, as data: Flux's
/// `ssa.ResourceManager.ApplyAllStaged` stages and its `ReconcileOrder`
/// (fluxcd/pkg `ssa/manager_apply.go`, `ssa/sort.go`, `ssa/utils/is.go` at e2cfd1a2).
///
/// Objects are applied in four stages; each object goes into the first stage
/// whose test it passes:
///
/// 1. definitions: CustomResourceDefinitions (group `apiextensions.k8s.io`),
///    Namespaces (core group) and ClusterRoles (group `rbac.authorization.k8s.io`),
///    the kind compared without case as Flux does. The caller waits for them
///    to be healthy before the next stage, so custom resources find their
///    type served and namespaced objects find their namespace;
/// 2. classes: any kind whose name ends in `Class` (StorageClass,
///    IngressClass, GatewayClass, PriorityClass, a custom `FooClass`), also
///    waited for;
/// 3. custom: the group-kinds the caller lists (Flux's
///    `--custom-apply-stage-kinds`), applied without waiting;
/// 4. resources: everything else, whose health is checked after the apply.
///
/// Within a stage objects are sorted by a kind index (kind only, whatever its
/// group): the `first` kinds in list order, then every kind not listed, then
/// the `last` kinds; ties go to group, kind, namespace and name, so the order
/// never depends on the order of the input. Pruning deletes in the reverse of
/// that sort and ignores the stages, as Flux's `DeleteAll` does: webhook
/// configurations first, custom resources next, Namespaces and CRDs last, so
/// an object is never deleted after the type or namespace that holds it.
package struct ApplyOrder: Sendable {
    /// An apply stage; stages run in the order of their raw values.
    package enum Stage: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case definitions = 1
        case classes = 2
        case custom = 3
        case resources = 4

        /// Whether the caller waits for the stage's objects to be healthy before the next stage.
        package var isWaitedFor: Bool { self == .definitions || self == .classes }

        /// The stage's name in reports: `definitions`, `classes`, `custom`, `resources`.
        package var description: String {
            switch self {
            case .definitions: return "definitions"
            case .classes: return "classes"
            case .custom: return "custom"
            case .resources: return "resources"
            }
        }

        /// The earlier stage is the smaller.
        package static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
    }

    /// Kinds applied before all others, in this order (Flux `ReconcileOrder.First`).
    package static let first = [
        "CustomResourceDefinition", "Namespace", "ClusterRole", "ClusterClass", "RuntimeClass",
        "PriorityClass", "StorageClass", "VolumeSnapshotClass", "IngressClass", "GatewayClass",
        "ClusterRoleBinding", "ResourceQuota", "ServiceAccount", "Role", "RoleBinding",
        "ConfigMap", "Secret", "Service", "LimitRange", "Deployment", "StatefulSet", "CronJob",
        "PodDisruptionBudget",
    ]

    /// Kinds applied after all others, in this order (Flux `ReconcileOrder.Last`).
    package static let last = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

    /// Group-kinds (`ObjectKey.groupKind`) of the custom stage.
    package var customStageKinds: Set<String>

    /// An order with the given custom stage, empty by default as in Flux.
    package init(customStageKinds: Set<String> = []) {
        self.customStageKinds = customStageKinds
    }

    /// The stage `key` is applied in.
    package func stage(of key: ObjectKey) -> Stage {
        if Self.isClusterDefinition(key) { return .definitions }
        if key.kind.hasSuffix("Class") { return .classes }
        if customStageKinds.contains(key.groupKind) { return .custom }
        return .resources
    }

    /// `keys` in apply order: by stage, then by the sort order within it.
    package func applyOrder(_ keys: [ObjectKey]) -> [ObjectKey] {
        keys.sorted { a, b in
            let (stageA, stageB) = (stage(of: a), stage(of: b))
            return stageA != stageB ? stageA < stageB : Self.precedes(a, b)
        }
    }

    /// `keys` grouped by stage, each group in apply order; empty stages are left out.
    package func stages(_ keys: [ObjectKey]) -> [(stage: Stage, keys: [ObjectKey])] {
        let grouped = Dictionary(grouping: applyOrder(keys)) { stage(of: $0) }
        return Stage.allCases.compactMap { stage in grouped[stage].map { (stage, $0) } }
    }

    /// `keys` in prune order: the reverse of the sort order, stages ignored.
    package func pruneOrder(_ keys: [ObjectKey]) -> [ObjectKey] {
        keys.sorted { a, b in Self.precedes(b, a) }
    }

    /// Flux's `IsClusterDefinition`. A Namespace must be core `v1`; the key
    /// has no version, and the core group has only `v1`.
    static func isClusterDefinition(_ key: ObjectKey) -> Bool {
        switch key.kind.lowercased() {
        case "customresourcedefinition": return key.group == "apiextensions.k8s.io"
        case "namespace": return key.group.isEmpty
        case "clusterrole": return key.group == "rbac.authorization.k8s.io"
        default: return false
        }
    }

    /// Flux's `less`: kind index, then group, kind, namespace and name.
    static func precedes(_ a: ObjectKey, _ b: ObjectKey) -> Bool {
        let (indexA, indexB) = (kindIndex[a.kind] ?? 0, kindIndex[b.kind] ?? 0)
        if indexA != indexB { return indexA < indexB }
        return (a.group, a.kind, a.namespace, a.name) < (b.group, b.kind, b.namespace, b.name)
    }

    /// `first` kinds get negative indices, unknown kinds 0, `last` kinds 1, 2, ...
    static let kindIndex: [String: Int] = {
        var index: [String: Int] = [:]
        for (offset, kind) in first.enumerated() { index[kind] = offset - first.count }
        for (offset, kind) in last.enumerated() { index[kind] = offset + 1 }
        return index
    }()
}
