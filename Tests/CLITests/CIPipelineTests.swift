import Foundation
import Manifests
import TestSupport
import Testing

/// The example pipelines of share/git-ops/ci: their validate steps, taken from
/// the files and run as the CI would run them on a change request, against a
/// real origin, with git-ops on PATH.
@Suite("CI pipeline examples")
struct CIPipelineTests {
    static let ci = CLIRunner.packageRoot.appendingPathComponent("share/git-ops/ci")

    /// The YAML file `name` of the examples, parsed.
    static func pipeline(_ name: String) throws -> Node {
        let bytes = try [UInt8](Data(contentsOf: ci.appendingPathComponent(name)))
        return try #require(try YAMLParser(source: name).parseFirstDocument(bytes))
    }

    /// An origin whose main holds a valid environment, and a clone with a change
    /// request's commit on top: `good` a valid change, else one that breaks a check.
    static func changeRequest(good: Bool) throws -> (sandbox: Sandbox, head: String) {
        let sandbox = try Sandbox()
        try sandbox.makeRepository("origin.git", bare: true)
        try sandbox.makeRepository()
        try sandbox.commit("first", [
            ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n",
            "clusters/dev/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  color: blue\n",
        ])
        try sandbox.git("push", "-q", "../origin.git", "HEAD:refs/heads/main")
        try sandbox.git("remote", "add", "origin", "../origin.git")
        try sandbox.git("fetch", "-q", "origin")
        let head = try sandbox.commit("change", ["clusters/dev/app.yaml": good
            ? "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  color: green\n"
            : "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n"])
        return (sandbox, head)
    }

    static func run(_ script: String, in sandbox: Sandbox, environment: [String: String]) throws -> CLIRunner.Result {
        let path = CLIRunner.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try CLIRunner.run(["-c", script], in: URL(fileURLWithPath: sandbox.path("repo")), executable: URL(fileURLWithPath: "/bin/bash"),
                                 environment: environment.merging(["PATH": path]) { $1 })
    }

    @Test("GitLab CI: the merge request job passes a good change with its diff, fails a bad one, and posts nothing without a token",
          arguments: [true, false])
    func gitLab(good: Bool) throws {
        let job = try #require(try Self.pipeline("gitlab-ci.yml")["git-ops-validate"])
        let script = try #require(job["script"]?.sequence?.first?.string)
        let (sandbox, head) = try Self.changeRequest(good: good)
        let result = try Self.run(script, in: sandbox, environment: [
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_COMMIT_SHA": head, "CI_API_V4_URL": "http://127.0.0.1:9/api/v4",
        ])
        #expect((result.status == 0) == good, "\(result.stdout)\(result.stderr)")
        let report = try String(contentsOfFile: sandbox.path("repo/validate.txt"), encoding: .utf8)
        if good {
            #expect(report.contains("dev: rendered diff from") && report.contains("+  color: green"), "\(report)")
        } else {
            #expect(report.contains("clusters/dev/app.yaml:4:") && report.contains("[object]"), "\(report)")
        }
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("repo/comment.md")))
    }

    @Test("GitHub Actions: the validate step records the status the failing step reads, and the diff the comment posts")
    func gitHub() throws {
        let steps = try #require(try Self.pipeline("github-actions.yml")["jobs"]?["validate"]?["steps"]?.sequence)
        let step = try #require(steps.first { $0["id"]?.string == "validate" })
        let script = try #require(step["run"]?.string).replacingOccurrences(of: "${{ github.base_ref }}", with: "main")
        for good in [true, false] {
            let (sandbox, _) = try Self.changeRequest(good: good)
            let output = sandbox.path("github-output")
            let result = try Self.run(script, in: sandbox, environment: ["GITHUB_OUTPUT": output])
            #expect(result.status == 0, "the step itself succeeds; a later step fails the job: \(result.stderr)")
            let recorded = try String(contentsOfFile: output, encoding: .utf8)
            #expect(recorded == (good ? "status=0\n" : "status=1\n"), "\(recorded)")
            #expect(result.stdout.contains(good ? "+  color: green" : "[object]"), "\(result.stdout)")
        }
    }

    @Test("Jenkins: the pipeline runs git ops validate with the diff against the change's target")
    func jenkins() throws {
        let text = try String(contentsOf: Self.ci.appendingPathComponent("Jenkinsfile"), encoding: .utf8)
        #expect(text.contains("git ops validate ${base} > validate.txt") && text.contains("--diff origin/${env.CHANGE_TARGET}"))
        #expect(text.contains("error('git ops validate found problems"))
    }
}
