/// One reason a push or a validation says no: the rule broken, where (the
/// environment, the file and line when there is one, the ref of a push) and
/// what to do about it.
package struct Finding: Sendable, Equatable, CustomStringConvertible {
    /// The rules the checks enforce; the name is printed with each finding so a
    /// user can find it in git-ops-hooks(5).
    package enum Rule: String, Sendable, Equatable, CaseIterable {
        /// The hook's input is not what git sends.
        case input
        /// `.gitops.yaml` cannot be read, or names a path that is not there.
        case configuration
        /// The environment does not render.
        case render
        /// An object lacks an apiVersion, a kind, or a name Kubernetes accepts.
        case object
        /// Two objects have one identity.
        case duplicate
        /// A protected environment holds a Secret with plaintext data.
        case plaintextSecret = "plaintext-secret"
        /// A path changed by someone `owners:` does not name.
        case owners
        /// A protected environment's branch deleted or rewritten.
        case protectedBranch = "protected-branch"
        /// `-o ops.skip` asked for by someone `skipAllowed:` does not name.
        case skip
        /// A file a creation rule of `.sops.yaml` covers is not encrypted.
        case sopsRule = "sops-rule"
        /// A Kyverno policy of `.gitops.yaml` fails (Enforce rejects, Audit warns), or cannot be read.
        case policy
    }

    /// The rule broken.
    package var rule: Rule
    /// What is wrong and the remedy when known, in lower case.
    package var message: String
    /// The environment, when the finding is about one.
    package var environment: String?
    /// The file of the repository, when there is one.
    package var file: String?
    /// The file's line, from 1, when known.
    package var line: Int?
    /// The ref of the push, when the finding is about one.
    package var ref: String?

    package init(_ rule: Rule, _ message: String, environment: String? = nil, file: String? = nil, line: Int? = nil,
                 ref: String? = nil) {
        self.rule = rule
        self.message = message
        self.environment = environment
        self.file = file
        self.line = line
        self.ref = ref
    }

    /// This finding, about `environment`.
    package func about(_ environment: String) -> Finding {
        var finding = self
        finding.environment = environment
        return finding
    }

    /// `environment 'prod': clusters/prod/secret.yaml:4: <message> [plaintext-secret]`.
    package var description: String {
        var text = ""
        if let environment { text += "environment '\(environment)': " }
        if let file, !file.isEmpty { text += line.map { "\(file):\($0): " } ?? "\(file): " }
        return text + message + " [\(rule.rawValue)]"
    }
}
