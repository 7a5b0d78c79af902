import Foundation
import Testing

/// A small kustomization and the exact text kubectl kustomize prints for it.
enum SampleOverlay {
    static let files: [String: String] = [
        "base/kustomization.yaml": "resources:\n- deployment.yaml\n- service.yaml\n",
        "base/deployment.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
            """,
        "base/service.yaml": """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              ports:
              - port: 80
            """,
        "prod/kustomization.yaml": "namespace: prod\nresources:\n- ../base\n- namespace.yaml\n",
        "prod/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n",
    ]

    static let rendered = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: prod
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: prod
        spec:
          ports:
          - port: 80
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: prod
        spec:
          replicas: 2
          template:
            spec:
              containers:
              - image: nginx:1.27
                name: web

        """
}

@Suite("git ops render")
struct RenderCommandTests {
    @Test("renders a kustomization from the work tree")
    func rendersOverlay() throws {
        let directory = try TemporaryDirectory()
        try directory.write(SampleOverlay.files)
        let result = try CLIRunner.run(["render", "prod"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == SampleOverlay.rendered)
    }

    @Test("answers to the git-ops-render name as well")
    func multiCallName() throws {
        let directory = try TemporaryDirectory()
        try directory.write(SampleOverlay.files)
        let link = directory.url.appendingPathComponent("git-ops-render")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: CLIRunner.binary)
        let result = try CLIRunner.run(["prod"], in: directory.url, executable: link)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == SampleOverlay.rendered)
    }

    @Test("renders a directory of plain YAML as kustomize a list of its files: the Namespace first")
    func plainDirectory() throws {
        let directory = try TemporaryDirectory()
        try directory.write([
            "plain/b/z.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: z\n",
            "plain/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n",
            "plain/notes.txt": "not yaml",
        ])
        let result = try CLIRunner.run(["render", "plain"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: ns
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: z

            """)
    }

    @Test("fails with the path named when the directory does not exist")
    func missingDirectory() throws {
        let directory = try TemporaryDirectory()
        let result = try CLIRunner.run(["render", "nope"], in: directory.url)
        #expect(result.status == 128)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("nope"))
    }

    @Test("names the file, line and column of invalid YAML")
    func invalidYAML() throws {
        let directory = try TemporaryDirectory()
        try directory.write([
            "k/kustomization.yaml": "resources:\n- bad.yaml\n",
            "k/bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n",
        ])
        let result = try CLIRunner.run(["render", "k"], in: directory.url)
        #expect(result.status == 128)
        #expect(result.stderr.contains("bad.yaml"))
        #expect(result.stderr.contains("line"))
    }

    @Test("rejects an unknown kustomization field, naming it")
    func unknownField() throws {
        let directory = try TemporaryDirectory()
        try directory.write(["k/kustomization.yaml": "resourcez:\n- a.yaml\n"])
        let result = try CLIRunner.run(["render", "k"], in: directory.url)
        #expect(result.status == 128)
        #expect(result.stderr.contains("resourcez"))
        #expect(result.stderr.contains("kustomization.yaml"))
    }

    @Test("prints the same bytes as kubectl kustomize", .enabled(if: Kubectl.isInstalled, "kubectl is not installed"))
    func matchesKubectl() throws {
        let directory = try TemporaryDirectory()
        try directory.write(SampleOverlay.files)
        let ours = try CLIRunner.run(["render", "prod"], in: directory.url)
        let theirs = try CLIRunner.shell("kubectl kustomize prod", in: directory.url)
        #expect(ours.stdout == theirs)
    }
}

enum Kubectl {
    static let isInstalled: Bool = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/kubectl") }
    }()
}
