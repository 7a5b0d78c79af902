import Manifests
import Testing
@testable import Render

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("kustomization file")
struct KustomizationFileTests {
    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"

    @Test("only the first document of a kustomization file is read; what follows is not even parsed",
          arguments: [
              "resources:\n- r.yaml\n---\nnamePrefix: x-\n",
              "resources:\n- r.yaml\n...\nnamePrefix: x-\n",
              "resources:\n- r.yaml\n---\n[bad\n",
              "# a comment is no document\n---\nresources:\n- r.yaml\n",
          ])
    func firstDocument(kustomization: String) throws {
        let output = try renderFiles(["kustomization.yaml": kustomization, "r.yaml": Self.configMap])
        #expect(output == Self.configMap)
    }

    @Test("an empty first document makes the kustomization empty, even with fields after it")
    func emptyFirstDocument() throws {
        #expect(throws: RenderError.self) {
            try renderFiles(["kustomization.yaml": "---\n# nothing\n---\nresources:\n- r.yaml\n", "r.yaml": Self.configMap])
        }
    }
}
