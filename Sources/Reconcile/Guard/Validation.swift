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
    }

    let repository: Repository

    package init(repository: Repository) {
        self.repository = repository
    }

    /// Checks `names` (every environment when empty) at `commit`. An unknown
    /// name is an error, not a finding: the command line was wrong.
    package func check(_ names: [String], at commit: ObjectID) throws -> Report {
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
        let checker = EnvironmentCheck(tree: tree, cache: RenderCache())
        for environment in file.environments where names.isEmpty || names.contains(environment.name) {
            let result = checker.run(environment)
            report.environments.append(result)
            report.findings += result.findings
        }
        return report
    }
}
