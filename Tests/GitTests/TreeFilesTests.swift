import TestSupport
import Git
import Testing

@Suite("Listing and rebuilding trees")
struct TreeFilesTests {
    let sandbox: Sandbox
    let repository: Repository

    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        try sandbox.commit("files", [
            "b.yaml": "b\n", "a/z.yaml": "z\n", "a/b/c.yaml": "c\n", "a.yaml": "a\n",
        ])
        repository = try Repository(at: repo)
    }

    @Test("lists every blob with its path as git ls-tree -r does, sorted byte-wise")
    func listsFiles() throws {
        let files = try repository.files(inTree: repository.resolve("HEAD"))
        let listed = try sandbox.git("ls-tree", "-r", "--format=%(path) %(objectname)", "HEAD")
            .split(separator: "\n").map(String.init).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(files.map { "\($0.path) \($0.blob.hex)" } == listed)
        #expect(files.map(\.path) == ["a.yaml", "a/b/c.yaml", "a/z.yaml", "b.yaml"])
    }

    @Test("rebuilds a tree from the blobs of another without reading them")
    func rebuildsFromBlobs() throws {
        let head = try repository.resolve("HEAD")
        var blobs = Dictionary(uniqueKeysWithValues: try repository.files(inTree: head).map { ($0.path, $0.blob) })
        #expect(try repository.writeTree(blobs: blobs) == (try repository.commit(head).tree))

        blobs["a/b/c.yaml"] = nil
        blobs["d/e.yaml"] = try repository.writeBlob(Array("e\n".utf8))
        let tree = try repository.writeTree(blobs: blobs)
        #expect(try sandbox.git("ls-tree", "-r", "--name-only", tree.hex) == "a.yaml\na/z.yaml\nb.yaml\nd/e.yaml")
        #expect(try sandbox.git("cat-file", "-p", "\(tree.hex):d/e.yaml") == "e")
    }

    @Test("reads a blob by id, and refuses an id that is not a blob")
    func readsBlob() throws {
        let id = try repository.writeBlob(Array("kind: Secret\n".utf8))
        #expect(try repository.blob(id) == Array("kind: Secret\n".utf8))
        let tree = try repository.commit(repository.resolve("HEAD")).tree
        let error = #expect(throws: GitError.self) { try repository.blob(tree) }
        #expect(error?.message.contains("is a tree, not a blob") == true)
    }
}
