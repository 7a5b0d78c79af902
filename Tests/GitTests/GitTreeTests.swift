import TestSupport
import Git
import FileTree
import Manifests
import Testing

@Suite("Reading a tree at a revision")
struct GitTreeTests {
    static let files = [
        "README.md": "hello\n",
        "clusters/prod/kustomization.yaml": "resources:\n- app.yaml\n",
        "clusters/prod/app.yaml": "kind: Deployment\n",
        "clusters/a": "file a\n",
        "clusters/a-b": "file a-b\n",
        "clusters/a.yaml": "file a.yaml\n",
        "clusters/a/inner.yaml": "",
        "clusters/B": "upper\n",
    ]

    let sandbox: Sandbox
    let repository: Repository

    /// The files above, minus a conflicting `clusters/a` file, as one commit, then a second commit changing one.
    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        var files = Self.files
        files["clusters/a"] = nil
        try sandbox.commit("first", files)
        try sandbox.commit("second", ["clusters/prod/app.yaml": "kind: StatefulSet\n", "late.txt": "late\n"])
        repository = try Repository(at: repo)
    }

    @Test("reads files and nested directories")
    func readsFiles() throws {
        let tree = try repository.tree(at: "HEAD")
        #expect(try tree.readFile("README.md") == Array("hello\n".utf8))
        #expect(try tree.readFile("clusters/prod/kustomization.yaml") == Array("resources:\n- app.yaml\n".utf8))
        #expect(try tree.readFile("clusters/a/inner.yaml") == [])
        #expect(tree.entryKind("clusters/prod/app.yaml") == .file)
        #expect(tree.entryKind("clusters/prod") == .directory)
        #expect(tree.entryKind("") == .directory)
        #expect(tree.entryKind("clusters/missing.yaml") == nil)
        #expect(tree.entryKind("README.md/x") == nil)
        #expect(try tree.listDirectory("") == ["README.md", "clusters", "late.txt"])
    }

    @Test("lists a directory in byte order, not git's tree order")
    func listOrder() throws {
        let tree = try repository.tree(at: "HEAD")
        #expect(try tree.listDirectory("clusters") == ["B", "a", "a-b", "a.yaml", "prod"])
        // git itself orders the directory `a` as `a/`, after `a.yaml`.
        #expect(try sandbox.git("ls-tree", "--name-only", "HEAD:clusters") == "B\na-b\na.yaml\na\nprod")
    }

    @Test("gives each path the object id git gives it")
    func contentIdentity() throws {
        let tree = try repository.tree(at: "HEAD~1")
        for path in ["README.md", "clusters/prod/app.yaml", "clusters/prod", "clusters/a/inner.yaml"] {
            #expect(tree.contentIdentity(path) == (try sandbox.git("rev-parse", "HEAD~1:\(path)")))
        }
        #expect(tree.contentIdentity("") == (try sandbox.git("rev-parse", "HEAD~1^{tree}")))
        #expect(tree.id.hex == (try sandbox.git("rev-parse", "HEAD~1^{tree}")))
        #expect(tree.commit?.hex == (try sandbox.git("rev-parse", "HEAD~1")))
        #expect(tree.contentIdentity("nope") == nil)
    }

    @Test("reads an old revision without a checkout")
    func oldRevision() throws {
        try sandbox.write("repo/clusters/prod/app.yaml", "kind: Uncommitted\n")
        let old = try repository.tree(at: "HEAD~1")
        #expect(try old.readFile("clusters/prod/app.yaml") == Array("kind: Deployment\n".utf8))
        #expect(old.entryKind("late.txt") == nil)
        let new = try repository.tree(at: repository.resolve("main"))
        #expect(try new.readFile("clusters/prod/app.yaml") == Array("kind: StatefulSet\n".utf8))
    }

    @Test("shows paths with the abbreviated commit id")
    func displayPath() throws {
        let tree = try repository.tree(at: "HEAD")
        let short = try sandbox.git("rev-parse", "--short", "HEAD")
        #expect(tree.displayPath("clusters/prod") == "clusters/prod@\(short)")
        #expect(tree.displayPath("") == ".@\(short)")
    }

    @Test("reports missing paths, files read as directories and directories read as files")
    func errors() throws {
        let tree = try repository.tree(at: "HEAD")
        let short = try sandbox.git("rev-parse", "--short", "HEAD")
        let missing = #expect(throws: FileTreeError.self) { try tree.readFile("clusters/nope.yaml") }
        #expect(missing == FileTreeError(.notFound, path: "clusters/nope.yaml@\(short)"))
        #expect(missing?.description == "cannot read 'clusters/nope.yaml@\(short)': no such file or directory")
        let directory = #expect(throws: FileTreeError.self) { try tree.readFile("clusters") }
        #expect(directory?.code == .notAFile)
        let file = #expect(throws: FileTreeError.self) { try tree.listDirectory("README.md") }
        #expect(file?.code == .notADirectory)
        let gone = #expect(throws: FileTreeError.self) { try tree.listDirectory("gone") }
        #expect(gone?.code == .notFound)
    }

    @Test("follows symbolic links as a checkout does and reports submodules as other entries")
    func otherEntries() throws {
        let repo = try sandbox.makeRepository("links")
        try sandbox.commit("first", ["target.yaml": "t\n"], in: "links")
        let target = try sandbox.git("hash-object", "-w", "--stdin", in: "links", input: "target.yaml")
        try sandbox.git("update-index", "--add", "--cacheinfo", "120000,\(target),link.yaml", in: "links")
        let head = try sandbox.git("rev-parse", "HEAD", in: "links")
        try sandbox.git("update-index", "--add", "--cacheinfo", "160000,\(head),module", in: "links")
        try sandbox.git("commit", "-q", "-m", "links", in: "links")
        let tree = try Repository(at: repo).tree(at: "HEAD")
        #expect(tree.entryKind("link.yaml") == .file)
        #expect(try tree.readFile("link.yaml") == Array("t\n".utf8))
        #expect(tree.realPath("link.yaml") == "target.yaml")
        #expect(tree.entryKind("module") == .other)
        #expect(throws: FileTreeError(.notAFile, path: tree.displayPath("module"), detail: "a submodule, not a file")) {
            try tree.readFile("module")
        }
    }

    @Test("reads a tree named by a tree revision")
    func subtree() throws {
        let tree = try repository.tree(at: "HEAD:clusters/prod")
        #expect(try tree.listDirectory("") == ["app.yaml", "kustomization.yaml"])
        #expect(tree.commit == nil)
        #expect(tree.displayPath("app.yaml") == "app.yaml@\(try sandbox.git("rev-parse", "--short", "HEAD:clusters/prod"))")
        let error = #expect(throws: GitError.self) { try repository.tree(at: "HEAD:README.md") }
        #expect(error?.message == "'HEAD:README.md' is a blob, not a tree")
    }
}
