import Foundation
import FileTree
import Manifests
import Testing
@testable import Render

/// Each directory under Fixtures/ is a case: `in/` (the input tree), `build`
/// (the directory to render, relative to `in/`) and `expected.yaml` (what
/// `kubectl kustomize` printed for it, or for a plain directory, what git-ops
/// must print).
@Suite("golden renders")
struct GoldenRenderTests {
    static let fixtures: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).sorted()
    }

    @Test("renders the fixture exactly as expected", arguments: GoldenRenderTests.cases)
    func golden(name: String) throws {
        let root = Self.fixtures.appendingPathComponent(name)
        let build = try String(contentsOf: root.appendingPathComponent("build"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let expected = try String(contentsOf: root.appendingPathComponent("expected.yaml"), encoding: .utf8)
        let tree = DirectoryTree(root: root.appendingPathComponent("in").path)
        let directory = build == "." ? "" : build
        let output = try Renderer(tree: tree).render(directory)
        #expect(try output.yaml() == expected)
    }
}

@Suite("render errors")
struct RenderErrorTests {
    func render(_ files: [String: String], _ directory: String = "") throws -> String {
        try renderFiles(files, directory)
    }

    @Test("a resource file outside the kustomization's directory is refused by default")
    func loadRestrictor() throws {
        #expect {
            try render(["k/kustomization.yaml": "resources:\n- ../x.yaml\n",
                        "x.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"], "k")
        } throws: { error in
            (error as? RenderError)?.message.contains("is not in or below") == true
        }
    }

    @Test("two objects with one id are an error")
    func duplicateIDs() throws {
        let object = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
        #expect(throws: RenderError.self) {
            try render(["kustomization.yaml": "resources:\n- a.yaml\n- b.yaml\n", "a.yaml": object, "b.yaml": object])
        }
    }

    @Test("a base that contains the kustomization is a cycle")
    func cycles() throws {
        #expect {
            try render(["a/kustomization.yaml": "resources:\n- ..\n", "kustomization.yaml": "resources:\n- a\n"], "a")
        } throws: { error in
            (error as? RenderError)?.message.contains("cycle detected") == true
        }
    }

    @Test("a base, component or plugin directory given by an absolute path is refused, naming the kustomization",
          arguments: ["resources:\n- /b\n", "resources:\n- a.yaml\n- /b\n- /c\n- /d\n- /e\n", "bases:\n- /b\n",
                      "components:\n- /comp\n", "transformers:\n- /b\n", "generators:\n- /b\n"])
    func absoluteDirectories(kustomization: String) throws {
        let object = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
        var files = ["k/kustomization.yaml": kustomization, "k/a.yaml": object,
                     "comp/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"]
        for base in ["b", "c", "d", "e"] {
            files["\(base)/kustomization.yaml"] = "resources:\n- o.yaml\n"
            files["\(base)/o.yaml"] = object.replacingOccurrences(of: "name: x", with: "name: \(base)")
        }
        #expect {
            try render(files, "k")
        } throws: { error in
            let error = error as? RenderError
            return error?.file == "k/kustomization.yaml" && error?.message.contains("cannot be absolute") == true
        }
    }

    @Test("an absolute path to a file within the kustomization's directory is read")
    func absoluteFile() throws {
        let output = try render(["k/kustomization.yaml": "resources:\n- /k/x.yaml\n",
                                 "k/x.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"], "k")
        #expect(output == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")
    }

    @Test("remote bases are refused with a remedy")
    func remote() throws {
        #expect {
            try render(["kustomization.yaml": "resources:\n- https://github.com/org/repo//base?ref=v1\n"])
        } throws: { error in
            (error as? RenderError)?.message.contains("vendor the base") == true
        }
    }

    @Test("an object without a name is an error naming the file")
    func missingName() throws {
        #expect {
            try render(["kustomization.yaml": "resources:\n- a.yaml\n", "a.yaml": "apiVersion: v1\nkind: ConfigMap\n"])
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error.file.hasSuffix("a.yaml") && error.message.contains("missing metadata.name")
        }
    }

    @Test("an empty kustomization is an error, an empty resource list is not")
    func emptyKustomization() throws {
        #expect(throws: RenderError.self) {
            try render(["kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"])
        }
        #expect(try render(["kustomization.yaml": "resources: []\n"]) == "")
    }

    static let thing = "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: thing\nspec:\n  list: [a, b]\n  map: {a: b}\n"

    @Test("a name prefix or suffix field spec that reaches a list or a map is an error naming the field, object and file",
          arguments: ["namePrefix: p-", "nameSuffix: -s"])
    func affixOnNonScalar(field: String) throws {
        let specs = field.hasPrefix("namePrefix") ? "namePrefix" : "nameSuffix"
        for path in ["spec/map", "spec/list"] {
            #expect {
                try render(["kustomization.yaml": "\(field)\nresources: [r.yaml]\nconfigurations: [c.yaml]\n",
                            "c.yaml": "\(specs):\n- path: \(path)\n  kind: Thing\n", "r.yaml": Self.thing])
            } throws: { error in
                guard let error = error as? RenderError else { return false }
                return error.file == "r.yaml" && error.message.contains("considering field '\(path)' of object Thing.v1.example.com/")
                    && error.message.contains("expected ScalarNode")
            }
        }
    }

    @Test("an image field spec that reaches a list is an error naming the field, object and file")
    func imageOnNonScalar() throws {
        #expect {
            try render(["kustomization.yaml": "images: [{name: a, newTag: b}]\nresources: [r.yaml]\nconfigurations: [c.yaml]\n",
                        "c.yaml": "images:\n- path: spec/list\n  kind: Thing\n", "r.yaml": Self.thing])
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error.file == "r.yaml"
                && error.message.hasPrefix("considering field 'spec/list' of object Thing.v1.example.com/thing.[noNs]: wrong node kind")
        }
    }
}

@Suite("JSON patches and kustomize's build annotations")
struct JSONPatchAnnotationTests {
    @Test("a JSON patch may add an annotation to an object that has none, as in kustomize")
    func addAnnotation() throws {
        let files = [
            "kustomization.yaml": """
                resources:
                - cm.yaml
                patches:
                - target:
                    kind: ConfigMap
                  patch: |
                    - op: add
                      path: /metadata/annotations/example.com~1debug
                      value: enabled
                """,
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
        ]
        let output = try renderFiles(files)
        #expect(output == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    example.com/debug: enabled\n  name: c\n")
    }
}
