import Git
import Manifests
import Render
import Testing

/// A render from a revision prints what a render of a checkout of it prints:
/// the revision only appears in messages, never in the output.
@Suite("Rendering a revision like its checkout")
struct RevisionRenderTests {
    static let files = [
        "app/kustomization.yaml": """
            buildMetadata: [originAnnotations, transformerAnnotations]
            namePrefix: p-
            resources:
            - cm.yaml
            configMapGenerator:
            - name: settings
              literals: [a=b]
            transformers:
            - labels.yaml
            """,
        "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
        "app/labels.yaml": """
            apiVersion: builtin
            kind: LabelTransformer
            metadata:
              name: team
            labels:
              team: one
            fieldSpecs:
            - path: metadata/labels
              create: true
            """,
    ]

    @Test("origin and transformer annotations name files by their paths, without the revision")
    func originAnnotations() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.commit("app", Self.files)
        let repository = try Repository(at: repo)
        let fromRevision = try Renderer(tree: try repository.tree(at: "HEAD")).render("app").yaml()
        let fromDisk = try Renderer(tree: DirectoryTree(root: repo)).render("app").yaml()
        #expect(fromRevision == fromDisk)
        #expect(fromRevision.contains("configuredIn: kustomization.yaml\n"))
        #expect(fromRevision.contains("configuredIn: labels.yaml\n"))
        #expect(!fromRevision.contains("@"))
    }
}
