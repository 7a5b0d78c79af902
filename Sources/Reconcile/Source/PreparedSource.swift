import Git
import Manifests
import Render

/// What a sync of one environment deploys: the source commit, the
/// `.gitops.yaml` read from it, the environment it names, and its render.
package struct PreparedSource: Sendable {
    /// The commit rendered.
    package var commit: ObjectID
    /// `.gitops.yaml` as the commit has it.
    package var configuration: GitOpsFile
    /// The environment being synced, as the commit's `.gitops.yaml` defines it.
    package var environment: Environment
    /// The rendered objects, in render order, namespaces not yet defaulted.
    package var objects: [Node]
    /// What the render warned about (deprecated kustomization fields).
    package var warnings: [String]
    /// How long the render took, in seconds.
    package var renderSeconds: Double = 0

    /// Reads and renders environment `name` at `revision`, or, without one,
    /// at the tip of the environment's branch (named by the `.gitops.yaml` of
    /// HEAD). A revision that its branch does not contain is refused: only
    /// what was merged may be deployed.
    package static func read(repository: Repository, environment name: String, revision: String?) throws -> PreparedSource {
        let commit: ObjectID
        if let revision {
            commit = try resolve(repository, revision)
        } else {
            let head = try configuration(repository, at: try resolve(repository, "HEAD"), label: "HEAD")
            let branch = try environment(name, in: head.file, at: "HEAD").branch
            commit = try tip(repository, branch: branch, environment: name)
        }
        let (configuration, label) = try Self.configuration(repository, at: commit, label: commit.short)
        let environment = try Self.environment(name, in: configuration, at: label)
        if revision != nil { try requireOnBranch(repository, commit, environment: environment) }
        let tree: GitTree
        do {
            tree = try repository.tree(at: commit)
        } catch let error as GitError {
            throw ReconcileError(.source, "cannot read the tree of \(commit.short): \(error.message)")
        }
        guard tree.entryKind(environment.path) == .directory else {
            throw ReconcileError(.source, "environment '\(name)' renders '\(environment.path)', which is not a directory at \(commit.short); fix 'path' in \(GitOpsFile.fileName)")
        }
        do {
            let started = ContinuousClock.now
            let output = try Renderer(tree: tree, options: Renderer.Options(decryption: AgeKeyring.decryption(for: repository))).render(environment.path)
            let elapsed = ContinuousClock.now - started
            var source = PreparedSource(commit: commit, configuration: configuration, environment: environment,
                                        objects: output.objects, warnings: output.warnings)
            source.renderSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return source
        } catch let error as RenderError {
            throw ReconcileError(.render, "cannot render '\(environment.path)' at \(commit.short): \(error)")
        }
    }

    /// The tip of `branch`, or an error saying the environment's branch is missing and where it is set.
    static func tip(_ repository: Repository, branch: String, environment: String) throws -> ObjectID {
        guard (try? repository.resolve("refs/heads/\(branch)")) != nil else {
            throw ReconcileError(.source, "environment '\(environment)' deploys from branch '\(branch)', which this repository lacks; "
                + "create it, or name the branch in '\(GitOpsFile.fileName)' ('branch: master')")
        }
        return try resolve(repository, "refs/heads/\(branch)", shown: branch)
    }

    static func resolve(_ repository: Repository, _ revision: String, shown: String? = nil) throws -> ObjectID {
        do {
            return try repository.commit(try repository.resolve(revision)).id
        } catch let error as GitError {
            throw ReconcileError(.source, "cannot resolve '\(shown ?? revision)': \(error.message)")
        }
    }

    /// `.gitops.yaml` of `commit`, and how the file is named in messages.
    static func configuration(_ repository: Repository, at commit: ObjectID, label: String) throws -> (file: GitOpsFile, label: String) {
        let shown = "\(GitOpsFile.fileName)@\(label)"
        let bytes: [UInt8]
        do {
            bytes = try repository.tree(at: commit).readFile(GitOpsFile.fileName)
        } catch {
            throw ReconcileError(.source, "cannot read '\(shown)': \(error); run 'git ops init' and commit the file it writes")
        }
        do {
            return (try GitOpsFile.decode(bytes, file: shown), shown)
        } catch let error as ConfigurationError {
            throw ReconcileError(.source, error.description)
        }
    }

    static func environment(_ name: String, in file: GitOpsFile, at label: String) throws -> Environment {
        guard let environment = file.environment(name) else {
            let known = file.environments.map(\.name)
            throw ReconcileError(.unknownEnvironment, "no environment '\(name)' in \(label); "
                + (known.isEmpty ? "it names none" : "it names \(known.map { "'\($0)'" }.joined(separator: ", "))"))
        }
        return environment
    }

    /// Refuses `commit` unless the environment's branch contains it.
    static func requireOnBranch(_ repository: Repository, _ commit: ObjectID, environment: Environment) throws {
        let tip = try tip(repository, branch: environment.branch, environment: environment.name)
        let base = try? repository.mergeBase(commit, tip)
        guard base == commit else {
            throw ReconcileError(.source, "\(commit.short) is not on branch '\(environment.branch)', which environment '\(environment.name)' deploys from; merge it first")
        }
    }
}
