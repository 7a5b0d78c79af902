import Manifests
import Testing
@testable import Plan

@Suite("Planner")
struct PlannerTests {
    static let part = "applyset.kubernetes.io/part-of"

    /// A ConfigMap `shop/<name>` with `labels` and `data`.
    static func configMap(_ name: String, labels: String = "{}", data: String = "{a: b}") throws -> Node {
        try object("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \(name), namespace: shop, labels: \(labels)}\ndata: \(data)\n")
    }

    /// A ConfigMap labelled with the dev ApplySet, as rendered and stamped or as live.
    static func member(_ name: String, data: String = "{a: b}") throws -> Node {
        try configMap(name, labels: "{\(part): \(devApplySetID)}", data: data)
    }

    static func key(_ name: String) -> ObjectKey { ObjectKey(kind: "ConfigMap", namespace: "shop", name: name) }

    static func planner(_ options: Planner.Options = Planner.Options()) throws -> Planner {
        Planner(applySet: try devApplySet(), options: options)
    }

    @Test("creates what is not live, configures what differs, leaves alone what does not")
    func applies() throws {
        let desired = [try Self.member("new"), try Self.member("changed", data: "{a: c}"), try Self.member("same")]
        let live = [Self.key("changed"): try Self.member("changed"), Self.key("same"): try Self.member("same")]
        let dryRun = [Self.key("changed"): try Self.member("changed", data: "{a: c}"), Self.key("same"): try Self.member("same")]
        let plan = try Self.planner().plan(desired: desired, live: live, dryRun: dryRun, inventory: [])
        #expect(plan.entries.map(\.description) == [
            "ConfigMap/shop/changed configured", "ConfigMap/shop/new created", "ConfigMap/shop/same unchanged",
        ])
        #expect(plan.entries.map { $0.diff?.hasChanges } == [true, true, nil])
        #expect(plan.entries.allSatisfy { $0.stage == .resources })
    }

    @Test("refuses an empty render unless allowed")
    func emptyRender() throws {
        let error = #expect(throws: PlanError.self) {
            try Self.planner().plan(desired: [], live: [:], dryRun: [:], inventory: [Self.key("old")])
        }
        #expect(error?.code == .emptyRender)
    }

    @Test("an allowed empty render prunes every member of the last deployment")
    func allowedEmptyRender() throws {
        let live = [Self.key("a"): try Self.member("a"), Self.key("b"): try Self.member("b")]
        let plan = try Self.planner(Planner.Options(allowEmpty: true))
            .plan(desired: [], live: live, dryRun: [:], inventory: [Self.key("a"), Self.key("b")])
        #expect(plan.entries.map(\.description) == ["ConfigMap/shop/b pruned", "ConfigMap/shop/a pruned"])
    }

    @Test("prunes only what was deployed and carries this ApplySet's label", arguments: [
        // (in the last deployment, live labels, expected entry)
        (true, "{\(part): \(devApplySetID)}", "pruned"),
        (true, "{}", "skipped"),
        (true, "{\(part): applyset-prod-v1}", "skipped"),
        (false, "{\(part): \(devApplySetID)}", "skipped"),
        (false, "{\(part): applyset-prod-v1}", nil),
        (false, "{}", nil),
    ])
    func pruneSafety(inInventory: Bool, labels: String, expected: String?) throws {
        let live = [Self.key("kept"): try Self.member("kept"), Self.key("old"): try Self.configMap("old", labels: labels)]
        let plan = try Self.planner().plan(desired: [try Self.member("kept")], live: live,
                                           dryRun: [Self.key("kept"): try Self.member("kept")],
                                           inventory: inInventory ? [Self.key("kept"), Self.key("old")] : [Self.key("kept")])
        let entry = plan.entries.first { $0.key == Self.key("old") }
        #expect(entry?.action.word == expected)
        #expect(plan.prunes.map(\.key) == (expected == "pruned" ? [Self.key("old")] : []))
    }

    @Test("with pruning off, keeps what it would prune and says so")
    func pruneOff() throws {
        let plan = try Self.planner(Planner.Options(prune: false)).plan(
            desired: [try Self.member("kept")], live: [Self.key("old"): try Self.member("old")],
            dryRun: [:], inventory: [Self.key("old")])
        #expect(plan.entries.last == Change(key: Self.key("old"), action: .skip(reason: "pruning is off"),
                                            live: try Self.member("old")))
        #expect(plan.prunes.isEmpty)
    }

    @Test("an inventoried object that is no longer live is left out")
    func alreadyGone() throws {
        let plan = try Self.planner().plan(desired: [try Self.member("kept")], live: [:], dryRun: [:],
                                           inventory: [Self.key("gone")])
        #expect(plan.entries.map(\.key) == [Self.key("kept")])
    }

    @Test("does not touch a live object of another ApplySet or of no ApplySet that the render declares", arguments: [
        ("{\(part): applyset-prod-v1}", false, "skipped"),
        ("{}", false, "skipped"),
        ("{}", true, "configured"),
        ("{\(part): applyset-prod-v1}", true, "skipped"),
    ])
    func foreignLive(labels: String, adopt: Bool, expected: String) throws {
        let live = try Self.configMap("web", labels: labels)
        let plan = try Self.planner(Planner.Options(adopt: adopt)).plan(
            desired: [try Self.member("web")], live: [Self.key("web"): live],
            dryRun: [Self.key("web"): try Self.member("web")], inventory: [])
        #expect(plan.entries.map(\.action.word) == [expected])
    }

    @Test("skips an existing object without a dry-run result rather than guess")
    func noDryRun() throws {
        let plan = try Self.planner().plan(desired: [try Self.member("web")], live: [Self.key("web"): try Self.member("web")],
                                           dryRun: [:], inventory: [])
        #expect(plan.entries.map(\.action) == [.skip(reason: "no server-side dry-run result to compare with")])
    }

    @Test("refuses a render with an object twice or an object without this ApplySet's label", arguments: [
        ([try PlannerTests.member("a"), try PlannerTests.member("a", data: "{a: c}")], PlanError.Code.duplicateObject),
        ([try PlannerTests.configMap("a")], .notStamped),
        ([try PlannerTests.configMap("a", labels: "{\(part): applyset-prod-v1}")], .notStamped),
    ])
    func invalidRender(desired: [Node], code: PlanError.Code) throws {
        let error = #expect(throws: PlanError.self) {
            try Self.planner().plan(desired: desired, live: [:], dryRun: [:], inventory: [])
        }
        #expect(error?.code == code)
    }

    @Test("lists rendered objects in apply order, then prunes in reverse order")
    func order() throws {
        let namespace = try object("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {\(Self.part): \(devApplySetID)}}\n")
        let crd = try object("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com, labels: {\(Self.part): \(devApplySetID)}}
            """)
        let deployment = try object("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop, "
            + "labels: {\(Self.part): \(devApplySetID)}}\n")
        let oldWidget = try object("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: shop, "
            + "labels: {\(Self.part): \(devApplySetID)}}\n")
        let oldRole = try object("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: shop, "
            + "labels: {\(Self.part): \(devApplySetID)}}\n")
        let live = [ObjectKey(of: oldWidget): oldWidget, ObjectKey(of: oldRole): oldRole]
        let plan = try Self.planner().plan(desired: [deployment, crd, namespace], live: live, dryRun: [:],
                                           inventory: Set(live.keys))
        #expect(plan.entries.map(\.description) == [
            "CustomResourceDefinition/widgets.example.com created", "Namespace/shop created",
            "Deployment/shop/web created", "Widget/shop/w pruned", "Role/shop/r pruned",
        ])
        #expect(plan.stages.map(\.stage) == [.definitions, .resources])
    }
}
