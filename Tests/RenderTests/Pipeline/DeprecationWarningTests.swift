import Testing
@testable import Render

@Suite("deprecation warnings")
struct DeprecationWarningTests {
    // Expected lines from kubectl kustomize (v5.5.0) on the same kustomization:
    // every deprecated field is named, in kustomize's fixed order, whatever the
    // order of the file, and an empty value counts.
    @Test("every deprecated field is warned about, in kustomize's order")
    func warningsInKustomizeOrder() throws {
        let tree = MemoryTree([
            "kustomization.yaml": """
                vars: []
                patchesStrategicMerge: []
                patchesJson6902: []
                imageTags: []
                commonLabels: {}
                bases: [b]
                """,
            "b/kustomization.yaml": "resources: [c.yaml]\n",
            "b/c.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
        ])
        let output = try Renderer(tree: tree).render("")
        let advice = "Run 'kustomize edit fix' to update your Kustomization automatically."
        #expect(output.warnings == [
            "# Warning: 'bases' is deprecated. Please use 'resources' instead. \(advice)",
            "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. \(advice)",
            "# Warning: 'imageTags' is deprecated. Please use 'images' instead. \(advice)",
            "# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. \(advice)",
            "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. \(advice)",
            "# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] \(advice)",
        ])
    }
}
