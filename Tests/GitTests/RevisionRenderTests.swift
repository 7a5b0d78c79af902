import TestSupport
import Foundation
import Git
import FileTree
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

    @Test("symbolic links in a revision are followed as a checkout follows them, and the load restrictor judges where they lead")
    func symbolicLinks() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        let configMap = { (name: String) in "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n" }
        try sandbox.commit("files", [
            "app/kustomization.yaml": "resources: [base, linked]\n",
            "app/base/kustomization.yaml": "resources: [link.yaml]\n",
            "app/base/real.yaml": configMap("in-base"),
            "shared/kustomization.yaml": "resources: [cm.yaml]\n",
            "shared/cm.yaml": configMap("shared"),
            "escape/kustomization.yaml": "resources: [outside.yaml]\n",
            "loop/kustomization.yaml": "resources: [a.yaml]\n",
        ])
        let links = [
            ("real.yaml", "app/base/link.yaml"),        // a file beside the link
            ("../shared", "app/linked"),                // a base elsewhere in the tree
            ("../shared/cm.yaml", "escape/outside.yaml"), // a file outside its kustomization's directory
            ("b.yaml", "loop/a.yaml"),
            ("a.yaml", "loop/b.yaml"),
        ]
        for (target, link) in links {
            try FileManager.default.createSymbolicLink(atPath: sandbox.path("repo/\(link)"), withDestinationPath: target)
        }
        try sandbox.commit("links")
        let tree = try Repository(at: repo).tree(at: "HEAD")
        let fromRevision = try Renderer(tree: tree).render("app").yaml()
        #expect(fromRevision == configMap("in-base") + "---\n" + configMap("shared"))
        #expect(fromRevision == (try Renderer(tree: DirectoryTree(root: repo)).render("app").yaml()))
        #expect(throws: RenderError.self) { try Renderer(tree: tree).render("escape") }
        #expect(throws: RenderError.self) { try Renderer(tree: tree).render("loop") }
    }
}
