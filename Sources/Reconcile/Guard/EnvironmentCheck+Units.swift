import Git
import Manifests
import Render

/// Working out an environment's verdict from the one kept for an earlier
/// commit (`KeptUnits`): the two commits' trees are compared, and only the
/// units whose paths changed are rendered again, under the same top
/// kustomization, and checked.
///
/// That gives the verdict of a whole render only when nothing ties those
/// units to the others, so the kept verdict is used only when:
/// - the top kustomization read nothing that changed, and acts on each
///   object alone (`UnitRender.separable`), and no unit declares vars,
///   transformer configuration or an OpenAPI schema, which act on all;
/// - no other unit holds a name the changed units' objects have or had
///   (a reference kustomize would fix), nor the changed units a name of
///   another unit's objects;
/// - no id the changed units add or render is another unit's;
/// - no symbolic link changed, and few units changed (`unitLimit`);
/// - with policies, no changed unit renders a Namespace (whose labels
///   the policies' namespace selectors read for every object).
/// Otherwise the whole environment is rendered, as it is without a kept verdict.
extension EnvironmentCheck {
    /// The most units rendered again from a kept verdict; above it a whole render is about as quick.
    static func unitLimit(_ units: Int) -> Int {
        max(16, units / 4)
    }

    /// The verdict on `environment` from `kept`, or `nil` when it must be rendered whole.
    func fromKept(_ kept: KeptUnits, _ environment: Environment, policies: [String]) -> Result? {
        guard let repository, let commit, let keptCommit = ObjectID(hex: kept.commit) else { return nil }
        var changes: [PathChange] = []
        if keptCommit != commit {
            // A commit that is gone (its push was refused after the check) leaves nothing to compare with.
            guard let found = try? repository.changedPaths(from: keptCommit, to: commit),
                  !found.contains(where: \.involvesLink) else { return nil }
            changes = found
        }
        guard let touched = kept.touchedUnits(by: changes) else { return nil }
        var result = Result(environment: environment.name, findings: [], objectCount: kept.objectCount, objects: [])
        if touched.isEmpty {
            (result.findings, result.warnings) = kept.verdict(of: environment.name)
            result.reused = true
            return result
        }
        guard kept.separable, !kept.hasVars, touched.count <= Self.unitLimit(kept.units.count),
              !touched.contains(where: { kept.units[$0]?.actsGlobally ?? true }),
              let render = try? Renderer(tree: tree, cache: cache).renderUnits(environment.path, only: touched),
              render.separable, !render.hasVars, render.entryCount == kept.entryCount, render.units.count == touched.count,
              !render.units.values.contains(where: \.actsGlobally)
        else { return nil }
        let fresh = render.units.mapValues(KeptUnits.Unit.init)
        guard !tied(fresh, replacing: touched, in: kept) else { return nil }
        // Policies see every Namespace's labels: kept ones, unless a changed unit renders (or rendered) a Namespace.
        guard policies.isEmpty || !(fresh.values.contains(where: \.hasNamespace) || touched.contains { kept.units[$0]?.hasNamespace ?? true })
        else { return nil }
        let output = render.output
        let origins = origins(of: output)
        let positions = Self.positions(render.objectUnits)
        func locate(_ index: Int, _ finding: Finding) -> KeptUnits.Located {
            KeptUnits.Located(finding: finding, unit: render.objectUnits[index], position: positions[index], id: Resource(output.objects[index]).id)
        }
        // The kept findings of the other units, and the new ones, in output order.
        func merged(_ kept: [KeptUnits.Located], _ new: [KeptUnits.Located]) -> [KeptUnits.Located] {
            (kept.filter { !touched.contains($0.unit) } + new).sorted {
                render.order.precedes(($0.id, $0.unit, $0.position), ($1.id, $1.unit, $1.position))
            }
        }
        var state = kept
        state.commit = commit.hex
        for (index, unit) in fresh { state.units[index] = unit }
        state.findings = merged(kept.findings, objectFindings(output.objects, origins: origins, environment: environment).map(locate))
        if !policies.isEmpty {
            // The same files as before (they are inputs of the top): the same policies.
            let loaded = PolicyCheck(tree: tree, cache: cache).load(policies)
            let verdict = PolicyCheck.verdict(loaded.policies, on: output.objects, origins: origins, environment: environment.name,
                                              tree: tree, namespaces: kept.namespaces)
            state.rejections = merged(kept.rejections, zip(verdict.rejected, verdict.rejections).map(locate))
            state.warnings = merged(kept.warnings, zip(verdict.warned, verdict.warnings).map(locate))
        }
        result.objectCount = state.objectCount
        (result.findings, result.warnings) = state.verdict(of: environment.name)
        result.unitsRendered = (touched.count, kept.units.count)
        result.pending = Pending(environment: environment, policies: policies, units: state)
        return result
    }

    /// Whether the units `fresh` (rendered again in place of `touched`) could
    /// refer to an object of a unit of `kept` left as it was, or it to one of
    /// theirs as they were or are, or share an id with it.
    func tied(_ fresh: [Int: KeptUnits.Unit], replacing touched: Set<Int>, in kept: KeptUnits) -> Bool {
        let new = UnitTies.joined(fresh.values.map(\.ties))
        let both = UnitTies.joined(fresh.values.map(\.ties) + touched.compactMap { kept.units[$0]?.ties })
        return kept.units.contains { index, unit in
            !touched.contains(index) && (unit.ties.mayRefer(to: both) || new.mayRefer(to: unit.ties) || unit.ties.sharesID(with: new))
        }
    }
}

