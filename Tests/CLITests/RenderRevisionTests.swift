import Foundation
import Testing

@Suite("git ops render --rev")
struct RenderRevisionTests {
    /// A repository with the sample overlay committed twice: the second commit changes the image.
    func repository() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(SampleOverlay.files)
        try CLIRunner.shell("git init -q -b main && git add -A && git commit -qm first", in: directory.url)
        try CLIRunner.shell("sed -i 's/nginx:1.27/nginx:1.28/' base/deployment.yaml && git commit -qam second", in: directory.url)
        return directory
    }

    @Test("reads an older revision without a checkout")
    func olderRevision() throws {
        let directory = try repository()
        let result = try CLIRunner.run(["render", "--rev", "HEAD~1", "prod"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == SampleOverlay.rendered)
        let head = try CLIRunner.run(["render", "--rev", "HEAD", "prod"], in: directory.url)
        #expect(head.stdout == SampleOverlay.rendered.replacingOccurrences(of: "nginx:1.27", with: "nginx:1.28"))
    }

    @Test("takes paths relative to the current directory, as git does")
    func subdirectory() throws {
        let directory = try repository()
        let result = try CLIRunner.run(["render", "--rev", "HEAD~1", "."], in: directory.url.appendingPathComponent("prod"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == SampleOverlay.rendered)
    }

    @Test("ignores uncommitted changes in the work tree")
    func ignoresWorkTree() throws {
        let directory = try repository()
        try CLIRunner.shell("sed -i 's/replicas: 2/replicas: 9/' base/deployment.yaml", in: directory.url)
        let committed = try CLIRunner.run(["render", "--rev", "HEAD", "prod"], in: directory.url)
        #expect(committed.stdout.contains("replicas: 2"))
        let onDisk = try CLIRunner.run(["render", "prod"], in: directory.url)
        #expect(onDisk.stdout.contains("replicas: 9"))
    }

    @Test("renders HEAD in a bare repository")
    func bareRepository() throws {
        let directory = try repository()
        let bare = try TemporaryDirectory()
        try CLIRunner.shell("git clone -q --bare '\(directory.url.path)' '\(bare.url.path)/r.git'", in: bare.url)
        let gitDir = bare.url.appendingPathComponent("r.git")
        let result = try CLIRunner.run(["render", "prod"], in: gitDir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("nginx:1.28"))
        let old = try CLIRunner.run(["render", "--rev", "HEAD~1", "prod"], in: gitDir)
        #expect(old.stdout == SampleOverlay.rendered)
    }

    @Test("an unknown revision is a fatal error naming it")
    func unknownRevision() throws {
        let directory = try repository()
        let result = try CLIRunner.run(["render", "--rev", "no-such-branch", "prod"], in: directory.url)
        #expect(result.status == 128)
        #expect(result.stderr.contains("'no-such-branch'"))
    }

    @Test("a damaged object is an error naming the file and the remedy, not 'out of memory'", arguments: [
        "broken zlib", "huge header",
    ])
    func damagedObject(_ damage: String) throws {
        let directory = try repository()
        let id = try CLIRunner.shell("git rev-parse HEAD:base/deployment.yaml", in: directory.url)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let object = directory.url.appendingPathComponent(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        var bytes = try Data(contentsOf: object)
        if damage == "broken zlib" {
            bytes[bytes.count - 6] ^= 0xFF
        } else {
            // A valid zlib stream whose header announces 4 GiB: what once made libgit2 say "out of memory".
            try CLIRunner.shell("printf 'blob 4294967296\\0abc' | python3 -c 'import sys,zlib; sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read()))' > '\(object.path)'",
                                in: directory.url)
            bytes = try Data(contentsOf: object)
        }
        try bytes.write(to: object)
        let result = try CLIRunner.run(["render", "--rev", "HEAD", "prod"], in: directory.url)
        #expect(result.status == 128)
        #expect(result.stderr.contains("base/deployment.yaml@"), "\(result.stderr)")
        #expect(!result.stderr.contains("out of memory"), "\(result.stderr)")
        #expect(result.stderr.contains("git fsck") || result.stderr.contains("larger than 64 MiB"), "\(result.stderr)")
    }

    @Test("a committed file nested 30,000 deep is an error naming it, not a crash")
    func deepFileAtRevision() throws {
        let directory = try repository()
        let deep = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nx:\n" + String(repeating: "- ", count: 30_000) + "x\n"
        try deep.write(to: directory.url.appendingPathComponent("base/deep.yaml"), atomically: true, encoding: .utf8)
        try CLIRunner.shell("sed -i 's/^resources:$/resources:\\n- deep.yaml/' base/kustomization.yaml && git add -A && git commit -qm deep",
                            in: directory.url)
        let result = try CLIRunner.run(["render", "--rev", "HEAD", "prod"], in: directory.url)
        #expect(result.status == 128)
        #expect(result.stderr.contains("base/deep.yaml@"), "\(result.stderr)")
        #expect(result.stderr.contains("more than 512 levels"), "\(result.stderr)")
    }

    @Test("a committed plain directory with a link back to itself is a cycle error, not an endless walk")
    func linkCycleAtRevision() throws {
        let directory = try repository()
        try CLIRunner.shell("mkdir plain && cp base/service.yaml plain/ && ln -s . plain/again && ln -s . plain/more"
                            + " && git add -A && git commit -qm links", in: directory.url)
        let result = try CLIRunner.run(["render", "--rev", "HEAD", "plain"], in: directory.url)
        #expect(result.status == 128)
        #expect(result.stderr.contains("symbolic link cycle"), "\(result.stderr)")
    }

    @Test("--rev outside a repository says so")
    func outsideRepository() throws {
        let directory = try TemporaryDirectory()
        try directory.write(SampleOverlay.files)
        let result = try CLIRunner.run(["render", "--rev", "HEAD", "prod"], in: directory.url,
                                       environment: ["GIT_CEILING_DIRECTORIES": directory.url.deletingLastPathComponent().path])
        #expect(result.status == 128)
        #expect(result.stderr.contains("not a git repository"))
    }

    @Test("prints what kubectl kustomize prints for the committed tree",
          .enabled(if: Kubectl.isInstalled, "kubectl is not installed"))
    func matchesKubectlAtRevision() throws {
        let directory = try repository()
        let ours = try CLIRunner.run(["render", "--rev", "HEAD", "prod"], in: directory.url)
        let theirs = try CLIRunner.shell("kubectl kustomize prod", in: directory.url)
        #expect(ours.stdout == theirs)
    }
}
