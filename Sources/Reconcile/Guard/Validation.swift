import Git
import Render

/// `git ops validate`: the checks of the pre-receive hook that need no push
/// (the configuration, the render and the objects of each environment) at one
/// commit, for CI pipelines and editors.
package struct Validation {
    /// What was checked and what was found.
    package struct Report: Sendable {
        /// One result per environment checked, in the order of `.gitops.yaml`.
        package var environments: [EnvironmentCheck.Result] = []
        /// Findings about the configuration itself, then those of each environment.
        package var findings: [Finding] = []
        /// With a base revision: each environment that rendered and the unified
        /// diff of its render from the base, Secret values masked ("" for none).
        package var diffs: [(environment: String, diff: String)] = []
    }

    let repository: Repository

    package init(repository: Repository) {
        self.repository = repository
    }

    /// Checks `names` (every environment when empty) at `commit`; with `base`,
    /// also diffs each environment's render from the base revision's (where the
    /// base's `.gitops.yaml` says it renders). An unknown name is an error, not a
    /// finding: the command line was wrong.
    package func check(_ names: [String], at commit: ObjectID, diffFrom base: ObjectID? = nil) throws -> Report {
        var report = Report()
        let (file, finding) = ConfigurationCheck.read(repository, at: commit)
        if let finding {
            report.findings.append(finding)
            return report
        }
        guard let file else {
            throw ReconcileError(.source, "no \(GitOpsFile.fileName) at \(commit.short); run 'git ops init' and commit the file it writes")
        }
        for name in names where file.environment(name) == nil {
            _ = try PreparedSource.environment(name, in: file, at: "\(GitOpsFile.fileName)@\(commit.short)")
        }
        let tree: GitTree
        do {
            tree = try repository.tree(at: commit)
        } catch let error as GitError {
            throw ReconcileError(.source, "cannot read the tree of \(commit.short): \(error.message)")
        }
        // Files .sops.yaml says are encrypted, over the whole tree.
        if let files = try? repository.files(inTree: tree.id) {
            report.findings += SOPSRuleCheck(tree: tree).check(files.map(\.path))
        }
        let cache = RenderCache()
        let checker = EnvironmentCheck(tree: tree, cache: cache)
        let baseFile = base.flatMap { ConfigurationCheck.read(repository, at: $0).file }
        for environment in file.environments where names.isEmpty || names.contains(environment.name) {
            let result = checker.run(environment, policies: file.policyPaths(of: environment), needsObjects: base != nil)
            report.environments.append(result)
            report.findings += result.findings
            if let base, result.objectCount != nil {
                let diff = RenderedDiff(repository: repository, cache: cache)
                    .diff(result.objects, before: base, environment: baseFile?.environment(environment.name))
                report.diffs.append((environment.name, diff))
            }
        }
        return report
    }
}
