import Digests
import FileTree
import Manifests
import Synchronization

/// A render of an environment's kustomization that keeps apart what each
/// entry of its `resources:` list (a unit: an app's overlay, a file)
/// contributed, so that a later revision which changes a few units can be
/// checked by rendering those units alone (`Renderer.renderUnits(_:only:)`).
///
/// kustomize's last steps are global: references to renamed objects are fixed
/// across the whole environment, vars resolve anywhere, ids must not clash,
/// and the top kustomization's transformers see every object. A unit's
/// objects come out of a render of some units the same as out of a render of
/// all only when nothing ties them to the others: what a caller needs to
/// decide that is kept per unit (`UnitTies`), with the paths its build read.
package struct UnitRender: Sendable {
    /// What one entry of the top `resources:` list contributed.
    package struct Unit: Sendable, Equatable {
        /// The entry as the kustomization lists it.
        package var entry: String
        /// Every path the unit's build read or listed (and where symbolic links lead).
        package var inputs: [String]
        /// The paths whose kind alone it asked (a directory listed under `resources:`).
        package var kindInputs: [String] = []
        /// What could tie it to other units.
        package var ties = UnitTies()
        /// The number of objects it renders to.
        package var objectCount = 0
        /// Whether it brings transformer configuration (`configurations:`, `crds:`), vars,
        /// or an OpenAPI schema, which act on every unit.
        package var actsGlobally = false
        /// Whether it renders a core Namespace (policies read Namespace labels for every object).
        package var hasNamespace = false

        package init(entry: String, inputs: [String]) {
            self.entry = entry
            self.inputs = inputs
        }
    }

    /// The objects' order in the output, as the top kustomization's `sortOptions` say.
    package enum Order: Sendable {
        case legacy(LegacyOrder)
        case fifo

        /// Whether an object (its id, unit and place among that unit's objects) comes before another.
        package func precedes(_ a: (id: ResourceID, unit: Int, position: Int), _ b: (id: ResourceID, unit: Int, position: Int)) -> Bool {
            if case .legacy(let order) = self {
                let (first, second) = (order.key(a.id), order.key(b.id))
                if LegacyOrder.Key.less(first, second) { return true }
                if LegacyOrder.Key.less(second, first) { return false }
            }
            return (a.unit, a.position) < (b.unit, b.position)
        }
    }

    /// The render; with `only`, of those units alone.
    package var output: Renderer.Output
    /// For each object of `output`, the index of its unit in the `resources:` list (-1: none).
    package var objectUnits: [Int]
    /// The units rendered, by their index in the `resources:` list.
    package var units: [Int: Unit]
    /// The number of entries in the `resources:` list.
    package var entryCount: Int
    /// The paths the top kustomization's own steps read, and those whose kind alone they asked (outside every unit).
    package var topInputs: [String]
    package var topKindInputs: [String] = []
    /// Whether the top kustomization's own steps act on each object alone, so that
    /// units without ties render the same apart as together: only `resources:`,
    /// `namespace`, labels, annotations, `images`, `configurations`, `crds`,
    /// `openapi`, `buildMetadata` and `sortOptions`.
    package var separable: Bool
    /// Whether the environment declares vars (they resolve across units).
    package var hasVars: Bool
    package var order: Order

    /// Whether the top kustomization `kustomization` only has per-object steps.
    static func isSeparable(_ kustomization: Kustomization) -> Bool {
        kustomization.namePrefix.isEmpty && kustomization.nameSuffix.isEmpty && kustomization.patchesStrategicMerge.isEmpty
            && kustomization.patchesJson6902.isEmpty && kustomization.patches.isEmpty && kustomization.replacements.isEmpty
            && kustomization.replicas.isEmpty && kustomization.vars.isEmpty && kustomization.components.isEmpty
            && kustomization.configMapGenerator.isEmpty && kustomization.secretGenerator.isEmpty
            && kustomization.generators.isEmpty && kustomization.transformers.isEmpty && kustomization.validators.isEmpty
    }

    static func order(of kustomization: Kustomization) -> Order {
        guard let options = kustomization.sortOptions else { return .legacy(.standard) }
        if options.order == "fifo" { return .fifo }
        return .legacy(options.hasLegacyOptions ? LegacyOrder(first: options.orderFirst ?? [], last: options.orderLast ?? []) : .standard)
    }

    /// The hash of an id, as `addedIDs` keeps it.
    package static func hash(addedID id: ResourceID) -> UInt64 {
        FNV1a.hash("\(id.group)\0\(id.version)\0\(id.kind)\0\(ResourceScope.effectiveNamespace(id))\0\(id.name)")
    }

    /// The hash of an id without its version, as `objectIDs` keeps it.
    package static func hash(objectID id: ResourceID) -> UInt64 {
        FNV1a.hash("\(id.group)\0\(id.kind)\0\(id.namespace)\0\(id.name)")
    }
}

/// The units of a render in progress: one recorder per entry of the top
/// `resources:` list, and what each entry added. Set on the top build's
/// context; the top `accumulateResources` takes it, so nothing below sees it.
final class UnitPlan: Sendable {
    /// The entries to render; `nil` for all.
    let only: Set<Int>?

    private struct State {
        var recorders: [DependencyRecorder] = []
        var added: [Int: (ids: [UInt64], global: Bool)] = [:]
        var entries: [String] = []
    }
    private let state = Mutex(State())

    init(only: Set<Int>?) {
        self.only = only
    }

    func includes(_ index: Int) -> Bool {
        only?.contains(index) ?? true
    }

    /// Makes the recorders of `paths`, the top `resources:` list.
    func prepare(_ paths: [String]) {
        state.withLock { state in
            state.entries = paths
            state.recorders = paths.map { _ in DependencyRecorder(parent: nil) }
        }
    }

    func recorder(_ index: Int) -> DependencyRecorder {
        state.withLock { $0.recorders[index] }
    }

    /// `loader` reading through entry `index`'s recorder rather than the top's.
    func loader(_ index: Int, from loader: Loader) -> Loader {
        let plain = (loader.tree as? RecordingTree)?.base ?? loader.tree
        return loader.reading(from: RecordingTree(base: plain, recorder: recorder(index)))
    }

    /// Notes that entry `index` added `resources[offset...]`, and whether it acts on every unit.
    func added(_ index: Int, resources: inout ResourceMap, from offset: Int, actsGlobally: Bool) {
        resources.setUnit(index, from: offset)
        let ids = resources.items[offset...].map { UnitRender.hash(addedID: $0.id) }
        state.withLock { $0.added[index] = (ids, actsGlobally) }
    }

    /// What the build kept of the units, given the resources before the last
    /// steps (`prefinish`) and the objects they became.
    func summary(prefinish: [BuildResource], objects: [Node], objectUnits: [Int]) -> [Int: UnitRender.Unit] {
        let (recorders, added, entries) = state.withLock { ($0.recorders, $0.added, $0.entries) }
        // The names and strings of each object, on every core for a whole environment.
        let hashes = ConcurrentMap.map(count: prefinish.count) { offset -> UnitTies in
            let item = prefinish[offset]
            var hashes = UnitTies()
            let namespace = item.namespace
            hashes.add(names: item.allIDs.map(\.name), namespace: namespace)
            hashes.add(strings: item.object, namespace: namespace)
            return hashes
        }
        var perUnit: [Int: [UnitTies]] = [:]
        for (offset, item) in prefinish.enumerated() where item.unit >= 0 { perUnit[item.unit, default: []].append(hashes[offset]) }
        var counts: [Int: Int] = [:]
        var namespaces: Set<Int> = []
        for (offset, object) in objects.enumerated() where objectUnits[offset] >= 0 {
            let unit = objectUnits[offset]
            let resource = Resource(object)
            var final = UnitTies()
            final.add(names: [resource.name], namespace: resource.namespace)
            final.objectIDs = [UnitRender.hash(objectID: resource.id)]
            perUnit[unit, default: []].append(final)
            counts[unit, default: 0] += 1
            if resource.kind == "Namespace", resource.apiVersion == "v1" { namespaces.insert(unit) }
        }
        var units: [Int: UnitRender.Unit] = [:]
        for (index, entry) in entries.enumerated() where includes(index) {
            let kindOnly = recorders[index].kindOnlyPaths
            var unit = UnitRender.Unit(entry: entry, inputs: recorders[index].paths.keys.filter { !kindOnly.contains($0) })
            unit.kindInputs = Array(kindOnly)
            var ids = UnitTies()
            ids.addedIDs = added[index]?.ids ?? []
            unit.ties = UnitTies.joined((perUnit[index] ?? []) + [ids])
            unit.objectCount = counts[index] ?? 0
            unit.actsGlobally = added[index]?.global ?? false
            unit.hasNamespace = namespaces.contains(index)
            units[index] = unit
        }
        return units
    }
}
