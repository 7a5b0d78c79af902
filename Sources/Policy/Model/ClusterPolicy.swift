import Manifests

/// A Kyverno policy (`kyverno.io/v1` `ClusterPolicy` or `Policy`) as far as
/// its validate rules go: the rules (with the ones generated for Pod
/// controllers), what each matches and excludes, and what it asks of a
/// matching object.
package struct KyvernoPolicy: Sendable {
    /// `metadata.name`.
    package var name: String
    /// The namespace of a namespaced `Policy`, which checks only objects of
    /// that namespace; `nil` for a `ClusterPolicy`.
    package var namespace: String?
    /// The file the policy was read from, as the caller named it.
    package var file: String
    /// `spec.validationFailureAction`: what a failure does where a rule does not say.
    package var action: FailureAction
    /// `spec.validationFailureActionOverrides`: another action in some namespaces.
    package var actionOverrides: [ActionOverride]
    /// `spec.applyRules: One`: only the first rule that gives a result counts.
    package var applyFirstRuleOnly: Bool
    /// The rules as written, then those generated for Pod controllers.
    package var rules: [PolicyRule]

    /// `Kind/name` as Kyverno reports a policy: its name, or `namespace/name` for a `Policy`.
    package var displayName: String {
        namespace.map { "\($0)/\(name)" } ?? name
    }
}

/// What a failed validation does: `Enforce` stops the change, `Audit` reports it.
package enum FailureAction: String, Sendable, Equatable {
    case audit = "Audit"
    case enforce = "Enforce"

    /// Kyverno accepts both spellings: `Enforce` and `enforce`.
    init?(text: String) {
        switch text {
        case "Audit", "audit": self = .audit
        case "Enforce", "enforce": self = .enforce
        default: return nil
        }
    }
}

/// One entry of `validationFailureActionOverrides`.
package struct ActionOverride: Sendable {
    var action: FailureAction
    /// Namespace patterns (wildcards allowed).
    var namespaces: [String]
    var namespaceSelector: LabelSelectorPattern?
}

/// A validate rule.
package struct PolicyRule: Sendable {
    /// The rule's name; `autogen-<name>` and `autogen-cronjob-<name>` for the generated ones.
    package var name: String
    /// The rule it was generated from, for a generated rule.
    package var generatedFrom: String?
    package var match: MatchResources
    package var exclude: MatchResources?
    package var validation: Validation
}

/// `match` or `exclude`: `any` of the filters, `all` of them, or the older
/// single `resources` block.
package struct MatchResources: Sendable {
    package var any: [ResourceDescription] = []
    package var all: [ResourceDescription] = []
    /// `match.resources` written without `any`/`all`.
    package var resources: ResourceDescription?

    var isEmpty: Bool { any.isEmpty && all.isEmpty && (resources?.isEmpty ?? true) }
}

/// `resources:` of a filter: what an object must be to be matched.
package struct ResourceDescription: Sendable {
    package var kinds: [String] = [] {
        didSet { kindSelectors = kinds.map(KindSelector.init) }
    }
    /// `kinds` read once, for matching every object.
    var kindSelectors: [KindSelector] = []
    package var name: String = ""
    package var names: [String] = []
    package var namespaces: [String] = []
    package var annotations: [(key: String, value: String)]?
    package var selector: LabelSelectorPattern?
    package var namespaceSelector: LabelSelectorPattern?
    package var operations: [String] = []
    /// The filter names users, roles or cluster roles: with no admission
    /// request (a render checked before it is applied), Kyverno ignores them
    /// when matching and never excludes by them.
    package var namesUsers = false

    var isEmpty: Bool {
        kinds.isEmpty && name.isEmpty && names.isEmpty && namespaces.isEmpty && annotations == nil && selector == nil
            && namespaceSelector == nil && operations.isEmpty
    }
}

/// A label selector as Kyverno writes one in a filter: `matchLabels` may hold
/// wildcards in keys and values, which are matched against the object's labels first.
package struct LabelSelectorPattern: Sendable {
    package var matchLabels: [(key: String, value: String)] = []
    /// `matchExpressions`, kept as written.
    package var expressions: Node?
}

/// The `validate` block: a message and one of pattern, anyPattern or foreach.
package struct Validation: Sendable {
    package var message: String = ""
    /// `validate.failureAction`, which wins over the policy's.
    package var action: FailureAction?
    package var check: Check

    package enum Check: Sendable {
        case pattern(Node)
        case anyPattern([Node])
        case foreach([ForEach])
    }
}

/// One entry of `validate.foreach`: a list in the object and what each element must match.
package struct ForEach: Sendable {
    /// The list as written (`request.object.spec.containers`).
    package var list: String
    /// The keys of the list's path after `request.object`.
    package var path: [String]
    package var check: Check
    /// `elementScope`, when written.
    package var elementScope: Bool?

    package enum Check: Sendable {
        case pattern(Node)
        case anyPattern([Node])
    }
}
