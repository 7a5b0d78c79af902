import Testing
@testable import Plan

@Suite("ChangeSet")
struct ChangeSetTests {
    static let entries = [
        Change(key: ObjectKey(kind: "Namespace", name: "shop"), action: .unchanged, stage: .definitions),
        Change(key: ObjectKey(group: "apps", kind: "Deployment", namespace: "shop", name: "web"), action: .configure,
               stage: .resources),
        Change(key: ObjectKey(kind: "Service", namespace: "shop", name: "web"), action: .create, stage: .resources),
        Change(key: ObjectKey(kind: "ConfigMap", namespace: "shop", name: "old"), action: .prune),
        Change(key: ObjectKey(kind: "ConfigMap", namespace: "shop", name: "hand"), action: .skip(reason: "pruning is off")),
    ]

    @Test("prints one entry a line in Flux's words, with the reason of a skip")
    func description() {
        #expect(ChangeSet(entries: Self.entries).description == """
            Namespace/shop unchanged
            Deployment/shop/web configured
            Service/shop/web created
            ConfigMap/shop/old pruned
            ConfigMap/shop/hand skipped (pruning is off)
            """)
    }

    @Test("counts each action for the summary line")
    func summary() {
        #expect(ChangeSet(entries: Self.entries).summary == "1 created, 1 configured, 1 unchanged, 1 pruned, 1 skipped")
    }

    @Test("groups the rendered objects by stage and keeps prunes apart")
    func stages() {
        let changeSet = ChangeSet(entries: Self.entries)
        #expect(changeSet.stages.map(\.stage) == [.definitions, .resources])
        #expect(changeSet.stages.map { $0.changes.count } == [1, 2])
        #expect(changeSet.prunes.map(\.key.name) == ["old"])
    }

    @Test("changes the cluster only when something is created, configured or pruned", arguments: [
        (Action.create, true), (.configure, true), (.prune, true), (.unchanged, false), (.skip(reason: "x"), false),
    ])
    func changesCluster(action: Action, expected: Bool) {
        let changeSet = ChangeSet(entries: [Change(key: ObjectKey(kind: "ConfigMap", name: "a"), action: action)])
        #expect(changeSet.changesCluster == expected)
    }
}
