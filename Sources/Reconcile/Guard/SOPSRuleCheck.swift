import Git
import Secrets

/// Files that a creation rule of the repository's `.sops.yaml` says are
/// encrypted, but are not: what `git ops validate` reports for the whole
/// tree and the hooks for the files a push adds or changes.
package struct SOPSRuleCheck {
    /// The config file, at the root of the tree as sops finds it from there.
    package static let fileName = ".sops.yaml"

    let tree: GitTree

    package init(tree: GitTree) {
        self.tree = tree
    }

    /// Findings for the paths of `paths` that a rule matches and that are
    /// not encrypted with sops (none when the tree has no `.sops.yaml`).
    package func check(_ paths: [String]) -> [Finding] {
        guard tree.entryKind(Self.fileName) == .file else { return [] }
        let config: SOPSConfig
        do {
            config = try SOPSConfig(try tree.readFile(Self.fileName), name: Self.fileName)
        } catch let error as SecretsError {
            return [Finding(.sopsRule, error.message, file: Self.fileName)]
        } catch {
            return [Finding(.sopsRule, "cannot read it: \(error)", file: Self.fileName)]
        }
        guard config.rules.contains(where: { $0.pathRegex != nil }) else { return [] }
        var findings: [Finding] = []
        for path in paths where path != Self.fileName {
            let rule: SOPSConfig.CreationRule?
            do {
                rule = try config.rule(for: path)
            } catch let error as SecretsError {
                return [Finding(.sopsRule, error.message, file: Self.fileName)]
            } catch {
                return []
            }
            // A rule without path_regex is sops' default for new files, not a claim about this one.
            guard let rule, let pattern = rule.pathRegex, tree.entryKind(path) == .file,
                  let bytes = try? tree.readFile(path),
                  !SOPSFile.isEncrypted(bytes, format: SOPSFile.Format(path: path)) else { continue }
            findings.append(Finding(.sopsRule,
                "matches path_regex '\(pattern)' of \(Self.fileName) but is not encrypted; run 'git ops secret encrypt -i \(path)'",
                file: path))
        }
        return findings
    }
}
