import Manifests
import Testing
@testable import Render

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("resource file documents")
struct ResourceDocumentsTests {
    @Test("only the first document between two '---' lines is read, and each piece may start with a byte order mark")
    func firstDocumentOfEachPiece() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- a.yaml\n- b.json\n",
            "a.yaml": """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: a
                ...
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: dropped
                --- # next
                \u{FEFF}apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: after-bom

                """,
            "b.json": """
                {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "first"}}
                {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "dropped"}}

                """,
        ])
        #expect(output == """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: after-bom
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: first

            """)
    }

    @Test("a '---' line with more than a comment, and a %YAML directive, are errors naming the file",
          arguments: [
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n--- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n----\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
              "%YAML 1.1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
          ])
    func rejectedSeparators(file: String) throws {
        #expect {
            try renderFiles(["kustomization.yaml": "resources:\n- a.yaml\n", "a.yaml": file])
        } throws: { error in
            (error as? RenderError)?.file == "a.yaml"
        }
    }

    @Test("a syntax error is reported at its line in the whole file")
    func errorLine() throws {
        #expect {
            try renderFiles([
                "kustomization.yaml": "resources:\n- a.yaml\n",
                "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [b\n",
            ])
        } throws: { error in
            (error as? RenderError)?.message.hasPrefix("invalid YAML at line 10,") == true
        }
    }

    static let thing = "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: t\nspec:\n  alias: a\n  other: b\n"

    @Test("configuration, replacement and JSON patch files are read to the end of their first document, not beyond",
          arguments: [
              ("namePrefix: p-\nresources: [r.yaml]\nconfigurations: [f.yaml]\n",
               "namePrefix:\n- path: spec/alias\n  kind: Thing\n---\nnamePrefix:\n- path: spec/other\n  kind: Thing\n---\n[bad\n",
               "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: p-t\nspec:\n  alias: p-a\n  other: b\n"),
              ("resources: [r.yaml]\nreplacements:\n- path: f.yaml\n",
               "source: {kind: Thing, fieldPath: spec.alias}\ntargets:\n- select: {kind: Thing}\n  fieldPaths: [spec.other]\n---\n[bad\n",
               "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: t\nspec:\n  alias: a\n  other: a\n"),
              ("resources: [r.yaml]\npatches:\n- path: f.yaml\n  target: {kind: Thing}\n",
               "- op: add\n  path: /spec/x\n  value: 1\n---\n[bad\n",
               "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: t\nspec:\n  alias: a\n  other: b\n  x: 1\n"),
          ])
    func firstDocumentOfOtherFiles(kustomization: String, file: String, expected: String) throws {
        #expect(try renderFiles(["kustomization.yaml": kustomization, "f.yaml": file, "r.yaml": Self.thing]) == expected)
    }

    @Test("a file that is one List or ResourceList with only a functionConfig holds no object")
    func listWithFunctionConfigOnly() throws {
        let object = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
        let output = try renderFiles([
            "kustomization.yaml": "resources: [a.yaml, b.yaml]\n",
            "a.yaml": "apiVersion: v1\nkind: List\nfunctionConfig:\n  kind: ConfigMap\n",
            "b.yaml": object,
        ])
        #expect(output == object)
    }

    @Test("a FooList object without metadata gets an empty one")
    func listWithoutMetadata() throws {
        let output = try renderFiles(["kustomization.yaml": "resources: [a.yaml]\n", "a.yaml": "apiVersion: v1\nkind: FooList\nfoo: bar\n"])
        #expect(output == "apiVersion: v1\nfoo: bar\nkind: FooList\nmetadata: {}\n")
    }
}
