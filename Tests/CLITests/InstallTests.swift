import Foundation
import Testing

@Suite("make install")
struct InstallTests {
    @Test("installs git-ops so that git runs it as 'git ops', with its links, manual and hooks")
    func install() throws {
        let prefix = try TemporaryDirectory()
        let make = try CLIRunner.run(["--no-print-directory", "-C", CLIRunner.packageRoot.path, "install-files",
                                      "BIN=\(CLIRunner.binary.path)", "PREFIX=\(prefix.url.path)"],
                                     executable: URL(fileURLWithPath: "/usr/bin/make"))
        #expect(make.status == 0, "\(make.stdout)\(make.stderr)")
        let bin = prefix.url.appendingPathComponent("bin")
        for name in ["git-ops", "git-ops-render", "git-ops-version"] {
            #expect(FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent(name).path), "\(name) missing")
        }
        for hook in ["pre-receive", "update", "post-receive"] {
            #expect(FileManager.default.isExecutableFile(atPath: prefix.url.appendingPathComponent("share/git-ops/hooks/\(hook)").path))
        }
        #expect(FileManager.default.fileExists(atPath: prefix.url.appendingPathComponent("share/man/man1/git-ops.1").path))
        for pipeline in ["github-actions.yml", "gitlab-ci.yml", "Jenkinsfile", "README.md"] {
            #expect(FileManager.default.fileExists(atPath: prefix.url.appendingPathComponent("share/git-ops/ci/\(pipeline)").path), "\(pipeline)")
        }

        let repository = try TemporaryDirectory()
        try repository.write(SampleOverlay.files)
        try CLIRunner.shell("git init -q && git add -A && git commit -qm first", in: repository.url)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let result = try CLIRunner.run(["ops", "render", "--rev", "HEAD", "prod"], in: repository.url,
                                       executable: URL(fileURLWithPath: "/usr/bin/git"), environment: ["PATH": path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == SampleOverlay.rendered)
        let version = try CLIRunner.run(["ops", "version"], executable: URL(fileURLWithPath: "/usr/bin/git"),
                                        environment: ["PATH": path])
        #expect(version.stdout.hasPrefix("git-ops version"))
    }

    @Test("the hook shims say what to do when git-ops-hook is missing")
    func hookShims() throws {
        let hook = CLIRunner.packageRoot.appendingPathComponent("hooks/pre-receive")
        let result = try CLIRunner.run([], executable: hook, environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("'git-ops-hook' is not on PATH"))
        let post = try CLIRunner.run([], executable: CLIRunner.packageRoot.appendingPathComponent("hooks/post-receive"),
                                     environment: ["PATH": "/usr/bin:/bin"])
        #expect(post.status == 0)
    }

    @Test("git ops hooks install writes the shims make install ships, and leaves others' hooks alone")
    func hooksInstall() throws {
        let repository = try TemporaryDirectory()
        try CLIRunner.shell("git init -q --bare", in: repository.url)
        let hooks = repository.url.appendingPathComponent("hooks")
        try "#!/bin/sh\necho mine\n".write(to: hooks.appendingPathComponent("update"), atomically: true, encoding: .utf8)
        let refused = try CLIRunner.run(["hooks", "install", repository.url.path])
        #expect(refused.status == 128)
        #expect(refused.stderr.contains("/hooks/update' exists and git-ops did not write it"), "\(refused.stderr)")
        let installed = try CLIRunner.run(["hooks", "install", "--force", repository.url.path])
        #expect(installed.status == 0, "\(installed.stderr)")
        for name in ["pre-receive", "update", "post-receive"] {
            let written = try String(contentsOf: hooks.appendingPathComponent(name), encoding: .utf8)
            let shipped = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("hooks/\(name)"), encoding: .utf8)
            #expect(written == shipped, "hooks/\(name) differs from what 'git ops hooks install' writes")
            #expect(FileManager.default.isExecutableFile(atPath: hooks.appendingPathComponent(name).path))
        }
        #expect(try CLIRunner.shell("git config receive.advertisePushOptions", in: repository.url) == "true\n")
        try "#!/bin/sh\n".write(to: hooks.appendingPathComponent("pre-push"), atomically: true, encoding: .utf8)
        #expect(try CLIRunner.run(["hooks", "install", "--uninstall", repository.url.path]).status == 0)
        for name in ["pre-receive", "update", "post-receive"] {
            #expect(!FileManager.default.fileExists(atPath: hooks.appendingPathComponent(name).path))
        }
        #expect(FileManager.default.fileExists(atPath: hooks.appendingPathComponent("pre-push").path))
    }
}
