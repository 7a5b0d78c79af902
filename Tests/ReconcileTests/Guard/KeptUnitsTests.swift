import Foundation
import Git
import Manifests
import Render
import Testing
import TestSupport
@testable import Reconcile

/// The verdict worked out from a kept one, rendering again only the units a
/// commit changed, is the verdict of a whole render; where units are tied
/// (a reference, an id) or the change reaches the top kustomization, the
/// whole environment is rendered.
@Suite("KeptUnits")
final class KeptUnitsTests {
    let sandbox: Sandbox
    let repository: Repository
    let store: CheckStore
    static let apps = ["ada", "bix", "cyd", "dot", "eve", "fox"]

    init() throws {
        sandbox = try Sandbox()
        try sandbox.makeRepository()
        var files: [String: String] = [
            "clusters/prod/kustomization.yaml": Self.top(annotation: "one"),
            "clusters/prod/extra.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: shared\ndata:\n  a: b\n",
        ]
        for app in Self.apps {
            files["apps/\(app)/base/kustomization.yaml"] = """
                resources:
                - deployment.yaml
                configMapGenerator:
                - name: \(app)-config
                  literals:
                  - LEVEL=info

                """
            files["apps/\(app)/base/deployment.yaml"] = Self.deployment(app, configMap: "\(app)-config")
            files["apps/\(app)/overlays/prod/kustomization.yaml"] = Self.overlay(app, tag: "1.0")
        }
        try sandbox.commit("environment", files)
        repository = try Repository(at: sandbox.path("repo"))
        store = CheckStore(repository: repository, checker: "tests")
    }

    static func top(annotation: String) -> String {
        "commonAnnotations:\n  example.com/note: \(annotation)\nresources:\n"
            + apps.map { "- ../../apps/\($0)/overlays/prod\n" }.joined() + "- extra.yaml\n"
    }

    static func overlay(_ app: String, tag: String, extra: String = "") -> String {
        "namespace: \(app)\nnamePrefix: prod-\nresources:\n- ../../base\n\(extra)images:\n- name: example.com/\(app)\n  newTag: \"\(tag)\"\n"
    }

    static func deployment(_ app: String, configMap: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(app)
        spec:
          selector:
            matchLabels:
              app: \(app)
          template:
            metadata:
              labels:
                app: \(app)
            spec:
              containers:
              - name: main
                image: example.com/\(app)
                envFrom:
                - configMapRef:
                    name: \(configMap)

        """
    }

    /// Checks `commit` with the store (keeping what it says to keep, as an
    /// accepted push does) and with a whole render, and expects one verdict.
    @discardableResult
    func check(_ commit: String, protected: Bool = false, policies: [String] = [],
               sourceLocation: SourceLocation = #_sourceLocation) throws -> EnvironmentCheck.Result {
        var environment = Environment(name: "prod", path: "clusters/prod")
        environment.protected = protected
        let id = try #require(ObjectID(hex: commit))
        let kept = EnvironmentCheck(tree: try repository.tree(at: id), cache: RenderCache(), store: store, repository: repository, commit: id)
            .run(environment, policies: policies)
        if let pending = kept.pending { store.keep(pending.units, of: pending.environment, policies: pending.policies) }
        let whole = EnvironmentCheck(tree: try repository.tree(at: id), cache: RenderCache()).run(environment, policies: policies)
        #expect(kept.objectCount == whole.objectCount, sourceLocation: sourceLocation)
        #expect(kept.findings.map(\.description) == whole.findings.map(\.description), sourceLocation: sourceLocation)
        #expect(kept.warnings.map(\.description) == whole.warnings.map(\.description), sourceLocation: sourceLocation)
        #expect(whole.objectCount != nil, "the environment renders: \(whole.findings)", sourceLocation: sourceLocation)
        return kept
    }

    func commit(_ files: [String: String]) throws -> String {
        try sandbox.commit("change", files)
    }

    @Test("a change to one unit renders it alone, and gives a whole render's verdict, findings in order")
    func oneUnit() throws {
        let first = try check(try sandbox.git("rev-parse", "HEAD"))
        #expect(first.unitsRendered == nil && !first.reused)
        #expect(first.objectCount == 13)
        // An image tag.
        let tag = try check(try commit(["apps/bix/overlays/prod/kustomization.yaml": Self.overlay("bix", tag: "2.0")]))
        #expect(tag.unitsRendered?.count == 1 && tag.unitsRendered?.of == 7)
        // A generated ConfigMap's content, so its hashed name, changes.
        let config = try check(try commit(["apps/cyd/base/kustomization.yaml": """
            resources:
            - deployment.yaml
            configMapGenerator:
            - name: cyd-config
              literals:
              - LEVEL=debug

            """]))
        #expect(config.unitsRendered?.count == 1)
        // Objects Kubernetes refuses, in two units: the findings come in a whole render's order.
        func bad(_ name: String) -> String { "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n" }
        let broken = try check(try commit([
            "apps/fox/base/deployment.yaml": Self.deployment("fox", configMap: "fox-config") + bad("Fox_Name"),
            "apps/ada/base/deployment.yaml": Self.deployment("ada", configMap: "ada-config") + bad("Ada_Name"),
        ]))
        #expect(broken.unitsRendered?.count == 2)
        #expect(broken.findings.count == 2 && broken.findings.allSatisfy { $0.rule == .object })
        // One fixed: the other unit's finding is kept.
        let half = try check(try commit(["apps/ada/base/deployment.yaml": Self.deployment("ada", configMap: "ada-config")]))
        #expect(half.unitsRendered?.count == 1 && half.findings.count == 1)
        // A change no unit reads.
        let elsewhere = try check(try commit(["README.md": "elsewhere\n"]))
        #expect(elsewhere.reused && elsewhere.findings.count == 1)
        // A plain file of the top list is a unit too.
        let file = try check(try commit(["clusters/prod/extra.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: shared\n"]))
        #expect(file.unitsRendered?.count == 1)
        // A file that appears beside the top kustomization may change what it is: a whole render.
        let added = try check(try commit(["clusters/prod/notes.txt": "new\n"]))
        #expect(added.unitsRendered == nil && !added.reused)
        // One that appears in an app's directory renders that app again.
        let beside = try check(try commit(["apps/eve/overlays/prod/notes.txt": "new\n"]))
        #expect(beside.unitsRendered?.count == 1)
    }

    @Test("a unit whose objects another unit names, or whose ids another holds, is checked with a whole render")
    func tiedUnits() throws {
        try check(try sandbox.git("rev-parse", "HEAD"))
        func adaConfig(_ level: String) -> [String: String] {
            ["apps/ada/base/kustomization.yaml": "resources:\n- deployment.yaml\nconfigMapGenerator:\n- name: ada-config\n  literals:\n  - LEVEL=\(level)\n"]
        }
        // eve names ada's ConfigMap from its own namespace: kustomize leaves that reference alone.
        try check(try commit(["apps/eve/base/deployment.yaml": Self.deployment("eve", configMap: "ada-config")]))
        let apart = try check(try commit(adaConfig("warn")))
        #expect(apart.unitsRendered?.count == 1)
        // In ada's namespace, it is a reference kustomize fixes when ada's ConfigMap is renamed.
        try check(try commit(["apps/eve/overlays/prod/kustomization.yaml": Self.overlay("eve", tag: "1.0")
            .replacingOccurrences(of: "namespace: eve", with: "namespace: ada")]))
        let referred = try check(try commit(adaConfig("error")))
        #expect(referred.unitsRendered == nil && !referred.reused)
        // A unit adding an object another unit renders (in another version): a duplicate only a whole render sees.
        let duplicate = try check(try commit(["clusters/prod/extra.yaml": Self.deployment("dot", configMap: "x")
            .replacingOccurrences(of: "apps/v1", with: "apps/v1beta2")
            .replacingOccurrences(of: "  name: dot\n", with: "  name: prod-dot\n  namespace: dot\n")]))
        #expect(duplicate.unitsRendered == nil)
        #expect(duplicate.findings.contains { $0.rule == .duplicate })
    }

    @Test("a change to the top kustomization renders everything; one behind a symbolic link reaches the unit")
    func topAndLinks() throws {
        // bix's base is a link to a directory outside the app.
        try sandbox.git("rm", "-q", "-r", "apps/bix/base")
        try sandbox.write("repo/shared/bix-base/kustomization.yaml", "resources:\n- deployment.yaml\n")
        try sandbox.write("repo/shared/bix-base/deployment.yaml", Self.deployment("bix", configMap: "bix-config"))
        try FileManager.default.createSymbolicLink(atPath: sandbox.path("repo/apps/bix/base"), withDestinationPath: "../../shared/bix-base")
        try check(try commit([:]))
        let top = try check(try commit(["clusters/prod/kustomization.yaml": Self.top(annotation: "two")]))
        #expect(top.unitsRendered == nil && !top.reused)
        // Only the link's target changes: the unit that reads through the link is rendered again.
        let linked = try check(try commit(["shared/bix-base/deployment.yaml": Self.deployment("bix", configMap: "bix-config")
            + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n"]))
        #expect(linked.unitsRendered?.count == 1)
        #expect(linked.findings.count == 1)
    }

    static func policy(_ name: String, _ action: String, kind: String, label: String) -> String {
        """
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: \(name)
        spec:
          validationFailureAction: \(action)
          rules:
          - name: \(label)-label
            match:
              any:
              - resources:
                  kinds: [\(kind)]
            validate:
              message: "a \(label) label is required"
              pattern:
                metadata:
                  labels:
                    \(label): "?*"

        """
    }

    @Test("with policies, the changed units' objects are checked against them and merged with the kept results")
    func policies() throws {
        let policies = ["policies/team.yaml", "policies/owner.yaml"]
        try check(try commit(["policies/team.yaml": Self.policy("require-team", "Enforce", kind: "Deployment", label: "team"),
                              "policies/owner.yaml": Self.policy("require-owner", "Audit", kind: "ConfigMap", label: "owner")]),
                  policies: policies)
        let labelled = Self.deployment("bix", configMap: "bix-config").replacingOccurrences(of: "  name: bix\n", with: "  name: bix\n  labels:\n    team: b\n")
        let one = try check(try commit(["apps/bix/base/deployment.yaml": labelled]), policies: policies)
        #expect(one.unitsRendered?.count == 1)
        #expect(one.findings.filter { $0.rule == .policy }.count == 5 && one.warnings.count == 7)
        // A Namespace's labels are what namespace selectors see for every object: a whole render.
        let namespace = try check(try commit(["apps/cyd/base/deployment.yaml": Self.deployment("cyd", configMap: "cyd-config")
            + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: cyd\n"]), policies: policies)
        #expect(namespace.unitsRendered == nil && !namespace.reused)
        // The policies changed: every unit is checked again.
        let changed = try check(try commit(["policies/owner.yaml": Self.policy("require-owner", "Enforce", kind: "ConfigMap", label: "owner")]),
                                policies: policies)
        #expect(changed.unitsRendered == nil && !changed.reused && changed.warnings.isEmpty)
        let after = try check(try commit(["apps/dot/overlays/prod/kustomization.yaml": Self.overlay("dot", tag: "9")]), policies: policies)
        #expect(after.unitsRendered?.count == 1)
    }

    @Test("a top kustomization with steps of its own: every change renders it whole, and its own objects count")
    func topWithItsOwnObjects() throws {
        let top = Self.top(annotation: "one") + "configMapGenerator:\n- name: top\n  literals:\n  - A=b\nnamePrefix: all-\n"
        let first = try check(try commit(["clusters/prod/kustomization.yaml": top]))
        #expect(first.objectCount == 14)
        let elsewhere = try check(try commit(["README.md": "elsewhere\n"]))
        #expect(elsewhere.reused && elsewhere.objectCount == 14)
        let app = try check(try commit(["apps/bix/overlays/prod/kustomization.yaml": Self.overlay("bix", tag: "2.0")]))
        #expect(app.unitsRendered == nil && !app.reused)
    }

    @Test("a damaged kept state, or one whose commit is gone, is not used")
    func damagedState() throws {
        let head = try sandbox.git("rev-parse", "HEAD")
        try check(head)
        let environment = Environment(name: "prod", path: "clusters/prod")
        let path = store.unitsPath(for: environment, policies: [])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(KeptUnits(decoding: bytes) != nil)
        bytes.removeLast(5)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(KeptUnits(decoding: bytes) == nil)
        let next = try check(try commit(["apps/bix/overlays/prod/kustomization.yaml": Self.overlay("bix", tag: "3.0")]))
        #expect(next.unitsRendered == nil && !next.reused)
        // A state naming a commit the repository does not have.
        var state = try #require(store.keptUnits(of: environment, policies: []))
        state.commit = String(repeating: "1", count: 40)
        store.keep(state, of: environment, policies: [])
        let again = try check(try commit(["apps/cyd/overlays/prod/kustomization.yaml": Self.overlay("cyd", tag: "3.0")]))
        #expect(again.unitsRendered == nil && !again.reused)
    }
}
