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
