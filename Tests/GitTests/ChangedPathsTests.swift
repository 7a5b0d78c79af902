import TestSupport
import Git
import Testing

@Suite("Listing the paths that differ between two trees")
struct ChangedPathsTests {
    let sandbox: Sandbox
    let repository: Repository
    let old: ObjectID
    let new: ObjectID

    init() throws {
        sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        let long = (1...40).map { "line \($0) of a file long enough to be recognised when renamed" }.joined(separator: "\n")
        old = try #require(ObjectID(hex: try sandbox.commit("old", [
            "clusters/prod/app.yaml": "replicas: 1\n",
            "clusters/prod/gone.yaml": "gone\n",
            "clusters/prod/moved.yaml": long + "\n",
            "clusters/dev/app.yaml": "replicas: 1\n",
            "clusters/prod-eu/app.yaml": "x\n",
            "README.md": "readme\n",
        ])))
        try sandbox.git("rm", "-q", "clusters/prod/gone.yaml")
        try sandbox.git("mv", "clusters/prod/moved.yaml", "clusters/prod/renamed.yaml")
        try sandbox.write("repo/clusters/prod/renamed.yaml", long + "\nline 41\n")
        new = try #require(ObjectID(hex: try sandbox.commit("new", [
            "clusters/prod/app.yaml": "replicas: 3\n",
            "clusters/prod/added.yaml": "added\n",
            "clusters/dev/app.yaml": "replicas: 2\n",
            "clusters/prod-eu/app.yaml": "y\n",
        ])))
        repository = try Repository(at: repo)
    }

    /// `git diff --name-status -M` between `old` and `new`, without rename scores.
    func gitDiff(_ pathspec: String...) throws -> [String] {
        let output = try sandbox.run(["diff", "--name-status", "-M", old.hex, new.hex, "--"] + pathspec)
        return output.split(separator: "\n").map { line in
            var fields = line.split(separator: "\t").map(String.init)
            fields[0] = String(fields[0].prefix(1))
            return fields.joined(separator: "\t")
        }
    }

    @Test("lists added, modified, deleted and renamed paths as git diff does")
    func allChanges() throws {
        let changes = try repository.changedPaths(from: old, to: new)
        #expect(changes.map(\.description) == (try gitDiff()))
        #expect(changes.contains(PathChange(.renamed, "clusters/prod/renamed.yaml", from: "clusters/prod/moved.yaml")))
        #expect(changes.contains(PathChange(.deleted, "clusters/prod/gone.yaml")))
        #expect(changes.contains(PathChange(.added, "clusters/prod/added.yaml")))
        #expect(changes.contains(PathChange(.modified, "clusters/dev/app.yaml")))
    }

    @Test("limits the comparison to whole directories, not name prefixes")
    func prefixes() throws {
        let prod = try repository.changedPaths(from: old, to: new, under: ["clusters/prod"])
        #expect(prod.map(\.description) == (try gitDiff("clusters/prod")))
        #expect(!prod.contains { $0.path.hasPrefix("clusters/prod-eu") })
        let two = try repository.changedPaths(from: old, to: new, under: ["clusters/dev/", "README.md"])
        #expect(two == [PathChange(.modified, "clusters/dev/app.yaml")])
        #expect(try repository.changedPaths(from: old, to: new, under: ["clusters/*"]).isEmpty)
    }

    @Test("compares with the empty tree when there is no old side, and takes trees as well as commits")
    func fromNothing() throws {
        let changes = try repository.changedPaths(from: nil, to: old)
        #expect(changes.allSatisfy { $0.kind == .added })
        #expect(changes.map(\.path) == (try sandbox.git("ls-tree", "-r", "--name-only", old.hex)).split(separator: "\n").map(String.init))
        let oldTree = try #require(ObjectID(hex: try sandbox.git("rev-parse", "\(old.hex)^{tree}")))
        #expect(try repository.changedPaths(from: oldTree, to: new) == (try repository.changedPaths(from: old, to: new)))
        #expect(try repository.changedPaths(from: new, to: new).isEmpty)
    }
}
