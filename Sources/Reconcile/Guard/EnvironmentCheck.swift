import Git
import Manifests
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
    }

    let tree: GitTree
    /// Bases built once for every environment of the tree (and of the other revision of a push).
    let cache: RenderCache
    /// Verdicts kept from earlier checks, reused where the render's inputs did not change.
    let store: CheckStore?

    package init(tree: GitTree, cache: RenderCache, store: CheckStore? = nil) {
        self.tree = tree
        self.cache = cache
        self.store = store
    }

    /// Renders and checks `environment`, and the policies at `policies` on
    /// what it renders; with a store, reuses a kept verdict whose inputs all
    /// hold in this tree unless `objects` are needed.
    package func run(_ environment: Environment, policies: [String] = [], needsObjects: Bool = false) -> Result {
        var result = Result(environment: environment.name, findings: [], objectCount: nil, objects: [])
        guard tree.entryKind(environment.path) == .directory else {
            result.findings.append(Finding(.configuration,
                "renders '\(environment.path)', which is not a directory here; fix 'path' in \(GitOpsFile.fileName)",
                environment: environment.name, file: GitOpsFile.fileName))
            return result
        }
        if !needsObjects, let kept = store?.verdict(on: environment, policies: policies, in: tree) { return kept }
        let output: Renderer.Output
        let inputs: RenderInputs?
        do {
            (output, inputs) = try Renderer(tree: tree, cache: cache).renderRecordingInputs(environment.path)
        } catch let error as RenderError {
            result.findings.append(Finding(.render, error.message, environment: environment.name,
                                           file: repositoryPath(error.file), line: SourceLines.line(inMessage: error.message)))
            return result
        } catch {
            result.findings.append(Finding(.render, "\(error)", environment: environment.name))
            return result
        }
        let origins = output.objects.indices.map { repositoryPath($0 < output.origins.count ? output.origins[$0] : "") }
        result.objectCount = output.objects.count
        result.objects = output.objects
        var files: [String: SourceLines.Index] = [:]
        result.findings = ObjectChecks.check(Array(zip(output.objects, origins)), protected: environment.protected).map { index, finding in
            var finding = finding
            finding.environment = environment.name
            let origin = origins[index]
            if !origin.isEmpty, files[origin] == nil { files[origin] = SourceLines.Index((try? tree.readFile(origin)) ?? []) }
            let resource = Resource(output.objects[index])
            finding.line = files[origin]?.line(ofKind: resource.kind, name: resource.name)
            return finding
        }
        var recorded = inputs
        if !policies.isEmpty {
            let check = PolicyCheck(tree: tree, cache: cache)
            let loaded = check.load(policies)
            let verdict = PolicyCheck.verdict(loaded.policies, on: output.objects, origins: origins, environment: environment.name, tree: tree)
            result.findings += loaded.findings.map { finding in
                var finding = finding
                finding.environment = environment.name
                return finding
            } + verdict.rejections
            result.warnings = verdict.warnings
            for (path, state) in loaded.inputs { recorded?.paths[path] = state }
        }
        if let store, let recorded { store.keep(result, of: environment, policies: policies, inputs: recorded) }
        return result
    }

    /// A path as the tree displays it (`clusters/prod/app.yaml@3f2a1c9`), as a path of the repository.
    func repositoryPath(_ shown: String) -> String {
        shown.hasSuffix(tree.displaySuffix) ? String(shown.dropLast(tree.displaySuffix.count)) : shown
    }
}
