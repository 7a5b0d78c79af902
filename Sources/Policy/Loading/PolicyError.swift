/// A policy that cannot be checked as written: the file, the policy and the
/// rule, what is wrong and what to do.
package struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    package var file: String
    package var policy: String?
    package var rule: String?
    package var message: String

    package init(file: String, policy: String? = nil, rule: String? = nil, _ message: String) {
        self.file = file
        self.policy = policy
        self.rule = rule
        self.message = message
    }

    /// `policies/latest.yaml: policy 'disallow-latest-tag', rule 'x': <message>`.
    package var description: String {
        var text = file.isEmpty ? "" : file + ": "
        if let policy { text += "policy '\(policy)'" + (rule == nil ? ": " : ", ") }
        if let rule { text += "rule '\(rule)': " }
        return text + message
    }
}
