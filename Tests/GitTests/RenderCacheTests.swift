import TestSupport
import Git
import Manifests
import Render
import Testing

/// The render cache across revisions: a base whose files did not change
/// between two commits is built once, and what changed is built again.
@Suite("Rendering several revisions with one cache")
struct RenderCacheTests {
    static func deployment(_ name: String, image: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
        spec:
          template:
            spec:
              containers:
              - name: \(name)
                image: \(image)
        """
    }

    static let files = [
        "apps/a/base/kustomization.yaml": "resources:\n- deployment.yaml\n",
        "apps/a/base/deployment.yaml": deployment("a", image: "a:1"),
        "apps/a/prod/kustomization.yaml": "namePrefix: prod-\nresources:\n- ../base\ncomponents:\n- ../../../components/team\n",
        "apps/b/base/kustomization.yaml": "resources:\n- deployment.yaml\n",
        "apps/b/base/deployment.yaml": deployment("b", image: "b:1"),
        "apps/b/prod/kustomization.yaml": "namePrefix: prod-\nresources:\n- ../base\ncomponents:\n- ../../../components/team\n",
        "components/team/kustomization.yaml": "kind: Component\ncommonLabels:\n  team: one\n",
        "clusters/prod/kustomization.yaml": "namespace: prod\nresources:\n- ../../apps/a/prod\n- ../../apps/b/prod\n",
    ]

    let sandbox: Sandbox
    let repository: Repository

    /// Three commits: the files above; a new image for `b`'s base; a new label in the component both use.
    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.commit("first", Self.files)
        try sandbox.commit("b moves on", ["apps/b/base/deployment.yaml": Self.deployment("b", image: "b:2")])
        try sandbox.commit("team renamed", ["components/team/kustomization.yaml": "kind: Component\ncommonLabels:\n  team: two\n"])
        repository = try Repository(at: repo)
    }

    func render(_ revision: String, cache: RenderCache) throws -> Renderer.Output {
        try Renderer(tree: try repository.tree(at: revision), cache: cache).render("clusters/prod")
    }

    @Test("a render's inputs hold in a revision that changed nothing it read, with or without a cache, and not in one that did")
    func recordedInputs() throws {
        try sandbox.commit("elsewhere", ["apps/c/prod/kustomization.yaml": "resources: []\n", "README.md": "hello\n"])
        try sandbox.commit("a's base, unused by no one", ["apps/a/base/notes.txt": "a file the base does not list\n"])
        for cache in [nil, RenderCache()] {
            let (output, recorded) = try Renderer(tree: try repository.tree(at: "HEAD~4"), cache: cache).renderRecordingInputs("clusters/prod")
            let inputs = try #require(recorded)
            #expect(try output.yaml() == (try render("HEAD~4", cache: RenderCache()).yaml()))
            #expect(inputs.paths["apps/a/base/deployment.yaml"]?.hasSuffix(" f") == true, "\(inputs.paths.keys.sorted())")
            #expect(inputs.paths["components/team/kustomization.yaml"] != nil)
            #expect(inputs.paths["README.md"] == nil)
            #expect(inputs.unchanged(in: try repository.tree(at: "HEAD~4")))
            #expect(!inputs.unchanged(in: try repository.tree(at: "HEAD~3")), "b's base changed")
            // Rendering the same inputs again, from the cache, notes the same paths.
            let again = try Renderer(tree: try repository.tree(at: "HEAD~4"), cache: cache).renderRecordingInputs("clusters/prod")
            #expect(again.inputs == inputs)
        }
        let (_, recorded) = try Renderer(tree: try repository.tree(at: "HEAD~2")).renderRecordingInputs("clusters/prod")
        let inputs = try #require(recorded)
        #expect(inputs.unchanged(in: try repository.tree(at: "HEAD~1")), "a new app and a README are not read")
        // A file added beside a base's kustomization changes the directory's
        // tree, which the build asked about: a conservative miss, never a wrong hit.
        #expect(inputs.unchanged(in: try repository.tree(at: "HEAD")) == (inputs.paths["apps/a/base"] == nil))
    }

    @Test("an unchanged base is reused from the other revision; a changed one, or one whose component changed, is rebuilt")
    func reusesUnchangedBases() throws {
        let cache = RenderCache()
        let first = try render("HEAD~2", cache: cache)
        #expect(cache.reusedFromOtherTrees == 0)
        #expect(try first.yaml().contains("image: b:1"))

        // Only b's base changed: a's overlay (with its base) comes from the first build.
        let second = try render("HEAD~1", cache: cache)
        #expect(cache.reusedFromOtherTrees == 1)
        #expect(try second.yaml() == (try render("HEAD~1", cache: RenderCache()).yaml()))
        #expect(try second.yaml().contains("image: b:2"))

        // The component both overlays use changed: neither overlay may be reused,
        // but both bases below them are (a's from the first build, b's from the second).
        let third = try render("HEAD", cache: cache)
        #expect(cache.reusedFromOtherTrees == 3)
        #expect(try third.yaml() == (try render("HEAD", cache: RenderCache()).yaml()))
        #expect(try third.yaml().contains("team: two"))
        #expect(!(try third.yaml().contains("team: one")))
    }

    @Test("reused results name their files at the revision being rendered")
    func reusedResultsNameTheNewRevision() throws {
        let cache = RenderCache()
        _ = try render("HEAD~2", cache: cache)
        let tree = try repository.tree(at: "HEAD~1")
        let second = try Renderer(tree: tree, cache: cache).render("clusters/prod")
        #expect(cache.reusedFromOtherTrees == 1)
        #expect(!second.origins.isEmpty)
        for origin in second.origins {
            #expect(origin.hasSuffix(tree.displaySuffix), "\(origin)")
        }
    }
}
