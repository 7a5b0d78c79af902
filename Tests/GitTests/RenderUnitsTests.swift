import TestSupport
import Git
import Manifests
import Render
import Testing

/// A render by units: the same objects as a plain render, each with the
/// entry of the top `resources:` that added it; a render of some entries
/// gives those entries' objects as the whole render does; each entry's paths
/// and ties are its own.
@Suite("Rendering an environment unit by unit")
struct RenderUnitsTests {
    static let apps = ["ada", "bix", "cyd", "dot", "eve"]

    static func files(top: String = "commonLabels:\n  env: prod\n") -> [String: String] {
        var files = [
            "clusters/prod/kustomization.yaml": top + "resources:\n" + apps.map { "- ../../apps/\($0)\n" }.joined() + "- shared.yaml\n",
            "clusters/prod/shared.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  namespace: shared\n",
        ]
        for app in apps {
            // The same ConfigMap name in every app, each in its own namespace; eve's Deployment names ada's from ada's namespace.
            let namespace = app == "eve" ? "ada" : app
            files["apps/\(app)/kustomization.yaml"] = """
                namespace: \(namespace)
                namePrefix: \(app)-
                resources:
                - deployment.yaml
                configMapGenerator:
                - name: config
                  literals:
                  - APP=\(app)

                """
            files["apps/\(app)/deployment.yaml"] = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        image: example.com/\(app)
                        envFrom:
                        - configMapRef:
                            name: config

                """
        }
        return files
    }

    let sandbox: Sandbox
    let repository: Repository

    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.commit("environment", Self.files())
        repository = try Repository(at: repo)
    }

    func units(only: Set<Int>? = nil) throws -> UnitRender {
        try #require(try Renderer(tree: try repository.tree(at: "HEAD")).renderUnits("clusters/prod", only: only))
    }

    @Test("the objects of a plain render, each with its entry; a render of one entry gives its objects as the whole does")
    func objectsByUnit() throws {
        let whole = try units()
        let plain = try Renderer(tree: try repository.tree(at: "HEAD")).render("clusters/prod")
        #expect(whole.output.objects == plain.objects)
        #expect(whole.entryCount == 6 && whole.units.count == 6 && whole.separable && !whole.hasVars)
        #expect(whole.objectUnits.count == whole.output.objects.count && !whole.objectUnits.contains(-1))
        for (index, app) in Self.apps.enumerated() {
            let mine = whole.output.objects.indices.filter { whole.objectUnits[$0] == index }.map { whole.output.objects[$0] }
            #expect(mine.count == 2 && mine.allSatisfy { Resource($0).name.hasPrefix("\(app)-") })
            #expect(whole.units[index]?.objectCount == 2)
            let alone = try units(only: [index])
            #expect(alone.output.objects == mine)
            #expect(alone.units.keys.sorted() == [index])
            #expect(alone.units[index]?.ties == whole.units[index]?.ties)
        }
    }

    @Test("each entry's paths are its own, the top's are the top kustomization's")
    func inputs() throws {
        let whole = try units()
        for (index, app) in Self.apps.enumerated() {
            let inputs = try #require(whole.units[index]?.inputs)
            #expect(inputs.contains("apps/\(app)/kustomization.yaml") && inputs.contains("apps/\(app)/deployment.yaml"))
            #expect(!inputs.contains { $0.hasPrefix("apps/") && !$0.hasPrefix("apps/\(app)") })
        }
        #expect(whole.units[5]?.inputs.contains("clusters/prod/shared.yaml") == true)
        #expect(whole.topInputs.contains("clusters/prod/kustomization.yaml"))
        // Directories whose kind alone was asked: a file changed below them does not change them.
        #expect(whole.topKindInputs.contains("clusters/prod") && !whole.topInputs.contains("clusters/prod"))
        #expect(whole.units[0]?.kindInputs.contains("apps/ada") == true && whole.units[0]?.inputs.contains("apps/ada") == false)
        #expect(!whole.topInputs.contains { $0.hasPrefix("apps/") })
    }

    @Test("ties: a reference within one namespace, none across namespaces or ids")
    func ties() throws {
        let whole = try units()
        let ties = Self.apps.indices.map { whole.units[$0]!.ties }
        // eve's Deployment (in ada's namespace) names 'config', which ada's generated ConfigMap was called.
        #expect(ties[4].mayRefer(to: ties[0]))
        // bix and cyd name 'config' too, each in its own namespace: no reference crosses.
        #expect(!ties[1].mayRefer(to: ties[2]) && !ties[2].mayRefer(to: ties[1]))
        #expect(!ties[1].sharesID(with: ties[2]))
    }

    @Test("a top kustomization that renames or patches is not separable")
    func separable() throws {
        try sandbox.commit("prefix", ["clusters/prod/kustomization.yaml": Self.files(top: "namePrefix: p-\n")["clusters/prod/kustomization.yaml"]!])
        #expect(try !units().separable)
        try sandbox.commit("labels", ["clusters/prod/kustomization.yaml": Self.files(top: "namespace: all\ncommonAnnotations:\n  a: b\n")["clusters/prod/kustomization.yaml"]!])
        #expect(try units().separable)
    }
}
