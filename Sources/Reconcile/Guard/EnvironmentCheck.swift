import Digests
import Git
import Manifests
import Policy
import Render

/// Renders one environment from a git tree (no checkout) and checks what it
/// renders: the checks `git ops validate` and the pre-receive hook share.
package struct EnvironmentCheck {
    /// What the check found, and how many objects the environment renders (`nil` when it does not).
    package struct Result: Sendable {
        package var environment: String
        package var findings: [Finding]
        /// What does not stop a push: the failures of Audit policies.
        package var warnings: [Finding] = []
        package var objectCount: Int?
        /// The rendered objects, for a diff; empty when the render failed or the verdict was reused.
        package var objects: [Node]
        /// Whether the verdict came from a `CheckStore`: nothing the render reads changed since it was checked.
        package var reused = false
        /// Set when the verdict was worked out from a kept one by rendering
        /// again only the units a push changed: how many, of how many.
        package var unitsRendered: (count: Int, of: Int)?
        /// What to keep for the next push once this one is accepted.
        package var pending: Pending?
    }

    /// A `KeptUnits` to keep (`CheckStore.keep(_:of:policies:)`) once the push is accepted.
    package struct Pending: Sendable {
        package var environment: Environment
        package var policies: [String]
        package var units: KeptUnits
    }

    let tree: GitTree
    /// Bases built once for every environment of the tree (and of the other revision of a push).
    let cache: RenderCache
    /// Verdicts kept from earlier checks, reused where the render's inputs did not change.
    let store: CheckStore?
    /// The repository and the commit of `tree`, for comparing it with the commit a kept verdict describes.
    let repository: Repository?
    let commit: ObjectID?

    package init(tree: GitTree, cache: RenderCache, store: CheckStore? = nil, repository: Repository? = nil, commit: ObjectID? = nil) {
        self.tree = tree
        self.cache = cache
        self.store = store
        self.repository = repository
        self.commit = commit
    }

    /// Renders and checks `environment`, and the policies at `policies` on
    /// what it renders; with a store, reuses a kept verdict whose inputs all
    /// hold in this tree unless `objects` are needed, or renders again only
    /// the units of the environment a change reached.
    package func run(_ environment: Environment, policies: [String] = [], needsObjects: Bool = false) -> Result {
        var result = Result(environment: environment.name, findings: [], objectCount: nil, objects: [])
        guard tree.entryKind(environment.path) == .directory else {
            result.findings.append(Finding(.configuration,
                "renders '\(environment.path)', which is not a directory here; fix 'path' in \(GitOpsFile.fileName)",
                environment: environment.name, file: GitOpsFile.fileName))
            return result
        }
        let byUnits = store != nil && repository != nil && commit != nil
        if !needsObjects, byUnits, let kept = store?.keptUnits(of: environment, policies: policies),
           let reused = fromKept(kept, environment, policies: policies) {
            return reused
        }
        if !needsObjects, let kept = store?.verdict(on: environment, policies: policies, in: tree) { return kept }
        let output: Renderer.Output
        let inputs: RenderInputs?
        var units: UnitRender?
        do {
            let renderer = Renderer(tree: tree, cache: cache)
            if byUnits, let render = try renderer.renderUnits(environment.path) {
                (output, inputs, units) = (render.output, nil, render)
            } else {
                (output, inputs) = try renderer.renderRecordingInputs(environment.path)
            }
        } catch let error as RenderError {
            result.findings.append(Finding(.render, error.message, environment: environment.name,
                                           file: repositoryPath(error.file), line: SourceLines.line(inMessage: error.message)))
            return result
        } catch {
            result.findings.append(Finding(.render, "\(error)", environment: environment.name))
            return result
        }
        let origins = self.origins(of: output)
        result.objectCount = output.objects.count
        result.objects = output.objects
        let located = objectFindings(output.objects, origins: origins, environment: environment)
        result.findings = located.map(\.finding)
        var recorded = inputs
        var loaded = PolicyCheck.Loaded()
        var verdict = PolicyCheck.Verdict()
        if !policies.isEmpty {
            loaded = PolicyCheck(tree: tree, cache: cache).load(policies)
            verdict = PolicyCheck.verdict(loaded.policies, on: output.objects, origins: origins, environment: environment.name, tree: tree)
            result.findings += loaded.findings.map { $0.about(environment.name) } + verdict.rejections
            result.warnings = verdict.warnings
            for (path, state) in loaded.inputs { recorded?.paths[path] = state }
        }
        if let units, let commit {
            let positions = Self.positions(units.objectUnits)
            func locate(_ index: Int, _ finding: Finding) -> KeptUnits.Located {
                KeptUnits.Located(finding: finding, unit: units.objectUnits[index], position: positions[index], id: Resource(output.objects[index]).id)
            }
            var state = KeptUnits(commit: commit.hex, render: units, findings: located.map(locate))
            // The policies' files decide the verdict on every unit, as the top kustomization does.
            state.topInputs = Set(state.topInputs + loaded.inputs.keys.map { FNV1a.hash($0) }).sorted()
            state.policyFindings = loaded.findings
            state.rejections = zip(verdict.rejected, verdict.rejections).map(locate)
            state.warnings = zip(verdict.warned, verdict.warnings).map(locate)
            state.namespaces = PolicyEngine.namespaceLabels(output.objects)
            result.pending = Pending(environment: environment, policies: policies, units: state)
        }
        if let store, let recorded { store.keep(result, of: environment, policies: policies, inputs: recorded) }
        return result
    }

    /// The checks of the objects alone (`ObjectChecks`), each finding with the
    /// object's index and the line of the file it came from.
    func objectFindings(_ objects: [Node], origins: [String], environment: Environment) -> [(index: Int, finding: Finding)] {
        var files: [String: SourceLines.Index] = [:]
        return ObjectChecks.check(Array(zip(objects, origins)), protected: environment.protected).map { index, finding in
            var finding = finding
            finding.environment = environment.name
            let origin = origins[index]
            if !origin.isEmpty, files[origin] == nil { files[origin] = SourceLines.Index((try? tree.readFile(origin)) ?? []) }
            let resource = Resource(objects[index])
            finding.line = files[origin]?.line(ofKind: resource.kind, name: resource.name)
            return (index, finding)
        }
    }

    /// For each object, the repository path of the file it came from.
    func origins(of output: Renderer.Output) -> [String] {
        output.objects.indices.map { repositoryPath($0 < output.origins.count ? output.origins[$0] : "") }
    }

    /// Each object's place among the objects of its unit.
    static func positions(_ units: [Int]) -> [Int] {
        var next: [Int: Int] = [:]
        return units.map { unit in
            defer { next[unit, default: 0] += 1 }
            return next[unit] ?? 0
        }
    }

    /// A path as the tree displays it (`clusters/prod/app.yaml@3f2a1c9`), as a path of the repository.
    func repositoryPath(_ shown: String) -> String {
        shown.hasSuffix(tree.displaySuffix) ? String(shown.dropLast(tree.displaySuffix.count)) : shown
    }
}
