import Foundation
import Manifests

/// Kyverno's rules for Pod controllers (`autogen/v1`): a rule that matches
/// Pods gets a copy `autogen-<rule>` for DaemonSet, Deployment, Job,
/// StatefulSet, ReplicaSet and ReplicationController, checking
/// `spec.template`, and a copy `autogen-cronjob-<rule>` for CronJob, checking
/// `spec.jobTemplate.spec.template`, unless a rule of the policy selects by
/// name, selector or annotations, or mixes Pod with other kinds. The
/// annotation `pod-policies.kyverno.io/autogen-controllers` names the
/// controllers instead (`none` for none).
enum Autogen {
    static let podControllers = ["DaemonSet", "Deployment", "Job", "StatefulSet", "ReplicaSet", "ReplicationController", "CronJob"]

    /// `rules` followed by the rules generated for Pod controllers.
    static func rules(_ rules: [PolicyRule], controllers annotation: String?) -> [PolicyRule] {
        guard let desired = generatedFor(rules) else { return rules }
        let controllers = annotation.map { Set($0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) } ?? desired
        if controllers == ["none"] { return rules }
        var generated: [PolicyRule] = []
        for rule in rules where !rule.name.hasPrefix("autogen-") {
            let withoutCronJob = controllers.subtracting(["CronJob"])
            if !withoutCronJob.isEmpty, let copy = forControllers(rule, withoutCronJob) {
                generated.append(rebased(copy, replacing: "request.object.spec", with: "request.object.spec.template.spec"))
            }
            if controllers.contains("CronJob") || controllers.contains("all"), let cronJob = forCronJob(rule, controllers) {
                generated.append(rebased(cronJob, replacing: "request.object.spec", with: "request.object.spec.jobTemplate.spec.template.spec"))
            }
        }
        guard !generated.isEmpty else { return rules }
        return rules.filter { !$0.name.hasPrefix("autogen-") } + generated
    }

    /// The controllers Kyverno would generate rules for, or `nil` when it generates none (`CanAutoGen`).
    static func generatedFor(_ rules: [PolicyRule]) -> Set<String>? {
        var needed = false
        let kindSet = Set(podControllers + ["Pod"])
        func supported(_ filter: ResourceDescription) -> Bool {
            if !filter.name.isEmpty || !filter.names.isEmpty || filter.selector != nil || filter.annotations != nil { return false }
            if filter.kinds.count > 1, containsPod(filter.kinds) { return false }
            needed = needed || filter.kinds.contains { kindSet.contains($0) }
            return true
        }
        for rule in rules {
            let filters = [rule.match.resources ?? ResourceDescription()] + rule.match.any + rule.match.all
                + (rule.exclude.map { [$0.resources ?? ResourceDescription()] + $0.any + $0.all } ?? [])
            for filter in filters where !supported(filter) { return nil }
        }
        return needed ? Set(podControllers) : nil
    }

    static func containsPod(_ kinds: [String]) -> Bool {
        kinds.contains { KindSelector($0).kind == "Pod" }
    }

    static func kinds(_ match: MatchResources) -> [String] {
        (match.resources?.kinds ?? []) + match.all.flatMap(\.kinds) + match.any.flatMap(\.kinds)
    }

    /// The copy for the Pod controllers among `controllers` (`generateRuleForControllers`).
    static func forControllers(_ rule: PolicyRule, _ controllers: Set<String>) -> PolicyRule? {
        guard containsPod(kinds(rule.match)) else { return nil }
        if let exclude = rule.exclude {
            let excluded = kinds(exclude)
            if !excluded.isEmpty, !containsPod(excluded) { return nil }
        }
        var targets = podControllers.filter { $0 != "CronJob" && controllers.contains($0) }
        if controllers.contains("all") { targets = podControllers.filter { $0 != "CronJob" } }
        if targets.isEmpty { targets = Array(controllers) }
        return generated(rule, name: name("autogen", rule.name), key: "template", kinds: targets.sorted()) { filter in
            containsPod(filter.kinds) ? targets.sorted() : filter.kinds
        }
    }

    /// The copy for CronJob (`generateCronJobRule`), built on the controllers' copy.
    static func forCronJob(_ rule: PolicyRule, _ controllers: Set<String>) -> PolicyRule? {
        guard let base = forControllers(rule, controllers) else { return nil }
        var copy = generated(base, name: name("autogen-cronjob", rule.name), key: "jobTemplate", kinds: ["CronJob"]) { _ in ["CronJob"] }
        copy.generatedFrom = rule.name
        return copy
    }

    /// `autogen-<rule>`, cut to 63 characters.
    static func name(_ prefix: String, _ rule: String) -> String {
        String((prefix + "-" + rule).prefix(63))
    }

    /// `rule` renamed, matching `kinds`, its patterns moved under `spec.<key>`.
    static func generated(_ rule: PolicyRule, name: String, key: String, kinds: [String],
                          filterKinds: (ResourceDescription) -> [String]) -> PolicyRule {
        var copy = rule
        copy.name = name
        copy.generatedFrom = rule.generatedFrom ?? rule.name
        func rewrite(_ match: inout MatchResources, always: Bool) {
            if !match.any.isEmpty {
                for index in match.any.indices { match.any[index].kinds = filterKinds(match.any[index]) }
            } else if !match.all.isEmpty {
                for index in match.all.indices { match.all[index].kinds = filterKinds(match.all[index]) }
            } else if always || !(match.resources?.kinds.isEmpty ?? true) {
                var resources = match.resources ?? ResourceDescription()
                resources.kinds = kinds
                match.resources = resources
            }
        }
        rewrite(&copy.match, always: true)
        if var exclude = copy.exclude {
            rewrite(&exclude, always: false)
            copy.exclude = exclude
        }
        func wrap(_ pattern: Node) -> Node {
            .mapping(Mapping(["spec": .mapping(Mapping([key: pattern]))]))
        }
        switch rule.validation.check {
        case .pattern(let pattern): copy.validation.check = .pattern(wrap(pattern))
        case .anyPattern(let patterns): copy.validation.check = .anyPattern(patterns.map(wrap))
        case .foreach: break
        }
        return copy
    }

    /// The foreach lists of `rule` with `prefix` rewritten (`convertRule`'s text replacement).
    static func rebased(_ rule: PolicyRule, replacing prefix: String, with replacement: String) -> PolicyRule {
        guard case .foreach(let loops) = rule.validation.check else { return rule }
        var copy = rule
        copy.validation.check = .foreach(loops.map { loop in
            var loop = loop
            loop.list = loop.list.replacingOccurrences(of: prefix, with: replacement)
            loop.path = PolicyLoader.listPath(loop.list) ?? loop.path
            return loop
        })
        return copy
    }
}
