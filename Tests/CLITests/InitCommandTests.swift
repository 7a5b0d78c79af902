import Foundation
import Reconcile
import Testing

/// `git ops init` with the real binary in real repositories.
@Suite("git ops init")
struct InitCommandTests {
    /// A repository on branch `trunk` with environment directories and a remote `origin`.
    func repository() throws -> (TemporaryDirectory, URL) {
        let directory = try TemporaryDirectory()
        try directory.write([
            "work/clusters/dev/kustomization.yaml": "resources:\n- ../../base\n",
            "work/clusters/prod/kustomization.yaml": "resources:\n- ../../base\n",
            "work/clusters/README.md": "not an environment\n",
            "work/overlays/staging/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
            "work/overlays/empty/notes.txt": "nothing to render\n",
            "work/base/kustomization.yaml": "resources: []\n",
        ])
        try CLIRunner.shell("git init -q --bare remote.git && cd work && git init -q -b trunk && git add -A && git commit -qm first"
                            + " && git remote add origin ../remote.git", in: directory.url)
        return (directory, directory.url.appendingPathComponent("work"))
    }

    @Test("writes one environment per renderable directory, on the current branch, and sets the git config once")
    func firstRun() throws {
        let (directory, work) = try repository()
        let result = try CLIRunner.run(["init"], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: work.appendingPathComponent(".gitops.yaml"), encoding: .utf8)
        let file = try GitOpsFile.decode(Array(text.utf8), file: ".gitops.yaml")
        #expect(file.environments.map(\.name) == ["dev", "prod", "staging"])
        #expect(file.environment("staging")?.path == "overlays/staging")
        #expect(file.environments.allSatisfy { $0.branch == "trunk" && $0.cluster == "git-ops-local" })
        #expect(try CLIRunner.shell("git config --get-all notes.displayRef", in: work) == "refs/notes/ops\n")
        #expect(try CLIRunner.shell("git config notes.ops.mergeStrategy", in: work) == "cat_sort_uniq\n")
        let fetch = try CLIRunner.shell("git config --get-all remote.origin.fetch", in: work)
        #expect(fetch.contains("+refs/notes/ops*:refs/notes/remotes/origin/ops*"))
        #expect(fetch.contains("+refs/ops/deploy/*:refs/ops/remotes/origin/deploy/*"))
        #expect(fetch.contains("+refs/heads/*:refs/remotes/origin/*"))

        let again = try CLIRunner.run(["init"], in: work)
        #expect(again.status == 0)
        #expect(again.stdout.contains("kept .gitops.yaml") && again.stdout.contains("git config already set up"), "\(again.stdout)")
        #expect(try CLIRunner.shell("git config --get-all remote.origin.fetch", in: work) == fetch)
        _ = directory
    }

    @Test("git log shows the deployment notes, and git fetch brings the records others pushed")
    func notesAndRecords() throws {
        let (directory, work) = try repository()
        #expect(try CLIRunner.run(["init"], in: work).status == 0)
        try CLIRunner.shell(#"git notes --ref ops add -m '{"time":"2026-12-06T10:00:00Z","env":"dev"}' HEAD"#, in: work)
        #expect(try CLIRunner.shell("git log -1", in: work).contains(#"Notes (ops):"#))
        // Another clone records a deployment and pushes it.
        try CLIRunner.shell("cd work && git push -q origin trunk", in: directory.url)
        try CLIRunner.shell("git clone -q -b trunk remote.git other && cd other && git update-ref refs/ops/deploy/dev HEAD"
                            + " && git push -q origin refs/ops/deploy/dev", in: directory.url)
        try CLIRunner.shell("git fetch -q origin", in: work)
        #expect(try CLIRunner.shell("git for-each-ref --format='%(refname)' refs/ops/", in: work) == "refs/ops/remotes/origin/deploy/dev\n")
        // Once notes are pushed, a fetch brings them beside the local ones.
        try CLIRunner.shell("git push -q origin refs/notes/ops && git fetch -q origin", in: work)
        #expect(try CLIRunner.shell("git for-each-ref --format='%(refname)' refs/notes/remotes/", in: work) == "refs/notes/remotes/origin/ops\n")
    }

    @Test("with no environment directory it fails, saying what to make")
    func nothingFound() throws {
        let directory = try TemporaryDirectory()
        try directory.write(["README.md": "empty\n"])
        try CLIRunner.shell("git init -q && git add -A && git commit -qm first", in: directory.url)
        let result = try CLIRunner.run(["init"], in: directory.url)
        #expect(result.status == 128)
        #expect(result.stderr.contains("no environment directories found under clusters/, overlays/, envs/, environments/"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent(".gitops.yaml").path))
    }
}
