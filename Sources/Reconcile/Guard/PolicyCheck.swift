import Git
import Manifests
import Policy
import Render

/// The Kyverno policies an environment checks (`policies:` of `.gitops.yaml`,
/// globally and per environment), read from a git tree: a file is read as
/// YAML, a directory rendered like any path (so a kustomization of policies
/// works); and what they say about the environment's rendered objects.
package struct PolicyCheck {
    /// The policies, and the findings of paths that could not be read as policies.
    package struct Loaded: Sendable {
        package var policies: [KyvernoPolicy] = []
        package var findings: [Finding] = []
        /// The paths read and the objects there, for `CheckStore`.
        package var inputs: [String: String] = [:]
    }

    /// The verdicts on the objects: Enforce failures reject, Audit ones warn.
    package struct Verdict: Sendable {
        package var rejections: [Finding] = []
        package var warnings: [Finding] = []
        /// The index of the object each rejection and warning is about.
        package var rejected: [Int] = []
        package var warned: [Int] = []
        /// Every result, for `git ops policy check`.
        package var results: [PolicyResult] = []
    }

    let tree: GitTree
    let cache: RenderCache?

    package init(tree: GitTree, cache: RenderCache? = nil) {
        self.tree = tree
        self.cache = cache
    }

    /// The policies at `paths` (duplicates read once).
    package func load(_ paths: [String]) -> Loaded {
        var loaded = Loaded()
        var seen = Set<String>()
        for path in paths where seen.insert(path).inserted {
            loaded.inputs[path] = RenderInputs.state(of: path, in: tree)
            do {
                loaded.policies += try policies(at: path, into: &loaded.inputs)
            } catch let error as PolicyError {
                loaded.findings.append(Finding(.policy, error.description.dropPrefix(error.file + ": "), file: error.file))
            } catch let error as RenderError {
                loaded.findings.append(Finding(.policy, "policies at '\(path)' do not render: \(error.message)",
                                               file: error.file.isEmpty ? path : repositoryPath(error.file),
                                               line: SourceLines.line(inMessage: error.message)))
            } catch let error as YAMLError {
                loaded.findings.append(Finding(.policy, "not YAML: \(error)", file: path, line: SourceLines.line(inMessage: "\(error)")))
            } catch {
                loaded.findings.append(Finding(.policy, "cannot read policies at '\(path)': \(error)", file: path))
            }
        }
        var names: [String: String] = [:]
        for policy in loaded.policies {
            if let first = names[policy.displayName] {
                loaded.findings.append(Finding(.policy, "policy '\(policy.displayName)' is declared twice (first in '\(first)'); keep one",
                                               file: policy.file))
            } else {
                names[policy.displayName] = policy.file
            }
        }
        return loaded
    }

    func policies(at path: String, into inputs: inout [String: String]) throws -> [KyvernoPolicy] {
        switch tree.entryKind(path) {
        case .file:
            let documents = try YAMLParser(source: path, yaml11: true).parse(try tree.readFile(path))
            return try PolicyLoader.policies(documents, file: path)
        case .directory:
            let (output, recorded) = try Renderer(tree: tree, cache: cache).renderRecordingInputs(path)
            for (key, value) in recorded?.paths ?? [:] { inputs[key] = value }
            var result: [KyvernoPolicy] = []
            for (index, object) in output.objects.enumerated() {
                let origin = index < output.origins.count ? repositoryPath(output.origins[index]) : path
                result += try PolicyLoader.policies([object], file: origin)
            }
            return result
        default:
            throw PolicyError(file: GitOpsFile.fileName, "names the policy path '\(path)', which is not in the tree; fix 'policies'")
        }
    }

    /// The results of `policies` on `objects` (each with the file it came from),
    /// as findings of `environment`.
    package static func verdict(_ policies: [KyvernoPolicy], on objects: [Node], origins: [String], environment: String,
                                tree: GitTree, namespaces: [String: [String: String]] = [:]) -> Verdict {
        var verdict = Verdict()
        guard !policies.isEmpty else { return verdict }
        verdict.results = PolicyEngine(policies: policies).evaluate(objects, namespaces: namespaces)
        var files: [String: SourceLines.Index] = [:]
        for result in verdict.results where result.status == .fail || result.status == .error {
            let resource = Resource(objects[result.object])
            let origin = result.object < origins.count ? origins[result.object] : ""
            if !origin.isEmpty, files[origin] == nil { files[origin] = SourceLines.Index((try? tree.readFile(origin)) ?? []) }
            let line = files[origin]?.line(ofKind: resource.kind, name: resource.name)
            let shown = shown(objects[result.object])
            let action = result.action == .enforce ? "Enforce" : "Audit"
            let message = "\(shown) fails policy '\(result.policy)' rule '\(result.rule)' (\(action), \(result.file)): \(result.message)"
            let finding = Finding(.policy, message, environment: environment, file: origin, line: line)
            if result.blocks {
                verdict.rejections.append(finding)
                verdict.rejected.append(result.object)
            } else {
                verdict.warnings.append(finding)
                verdict.warned.append(result.object)
            }
        }
        return verdict
    }

    /// `Kind/namespace/name`, or `Kind/name` for an object without a namespace.
    package static func shown(_ object: Node) -> String {
        let resource = Resource(object)
        return resource.namespace.isEmpty ? "\(resource.kind)/\(resource.name)" : "\(resource.kind)/\(resource.namespace)/\(resource.name)"
    }

    /// A path as the tree displays it, as a path of the repository.
    func repositoryPath(_ shown: String) -> String {
        shown.hasSuffix(tree.displaySuffix) ? String(shown.dropLast(tree.displaySuffix.count)) : shown
    }
}

extension GitOpsFile {
    /// The policy paths `environment` checks: the global ones, then its own.
    package func policyPaths(of environment: Environment) -> [String] {
        var paths = policies
        for path in environment.policies where !paths.contains(path) { paths.append(path) }
        return paths
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
