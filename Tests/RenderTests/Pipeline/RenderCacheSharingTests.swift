import Testing
@testable import Render

@Suite("one render cache for several renders")
struct RenderCacheSharingTests {
    /// An environment whose base reads a file beside its own directory.
    static let tree = MemoryTree([
        "env/kustomization.yaml": "resources:\n- ../app/base\n- ../other/base\n",
        "app/base/kustomization.yaml": "resources:\n- ../shared.yaml\n",
        "app/shared.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n",
        "other/base/kustomization.yaml": "resources:\n- map.yaml\n",
        "other/base/map.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n",
    ])

    func render(_ restrictor: Loader.Restrictor, cache: RenderCache) throws -> String {
        try Renderer(tree: Self.tree, options: Renderer.Options(loadRestrictor: restrictor), cache: cache).render("env").yaml()
    }

    @Test("a base built without the load restrictor is not reused by a render with it, nor the reverse")
    func restrictorIsPartOfTheKey() throws {
        let cache = RenderCache()
        #expect(try render(.none, cache: cache).contains("name: shared"))
        #expect(throws: RenderError.self) { try render(.rootOnly, cache: cache) }

        let reversed = RenderCache()
        #expect(throws: RenderError.self) { try render(.rootOnly, cache: reversed) }
        #expect(try render(.none, cache: reversed).contains("name: shared"))
    }

    @Test("renders of the same tree share the bases they both list")
    func sharesBases() throws {
        let cache = RenderCache()
        let first = try render(.none, cache: cache)
        let stored = cache.count
        #expect(stored == 2)
        #expect(try render(.none, cache: cache) == first)
        #expect(cache.count == stored)
    }

    @Test("a cache that keeps no bases renders the same and holds none")
    func keepsNoBases() throws {
        let keeping = RenderCache()
        let lean = RenderCache(keepsBases: false)
        let expected = try render(.none, cache: keeping)
        #expect(try render(.none, cache: lean) == expected)
        #expect(try render(.none, cache: lean) == expected)
        #expect(lean.count == 0)
        #expect(keeping.count == 2)
    }
}
