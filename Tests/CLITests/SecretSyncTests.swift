import Foundation
import Kube
import Manifests
import Secrets
import Testing
import TestSupport

/// A SOPS-encrypted Secret through `git ops render` and `git ops sync`: the
/// plaintext reaches the cluster and nothing else.
@Suite("encrypted Secrets", .serialized)
struct SecretSyncTests {
    static let password = "correct-horse-battery"

    /// A repository whose environment `dev` holds a namespace and a Secret encrypted for a fresh age key,
    /// the key file, and a local cluster.
    struct Setup {
        let sandbox: Sandbox
        let cluster: LocalClusterHarness
        let keyFile: String
        var environment: [String: String]

        init() async throws {
            sandbox = try Sandbox()
            try sandbox.makeRepository()
            let identity = try AgeX25519Identity.generate()
            keyFile = sandbox.path("keys.txt")
            try "# created for the test\n\(identity.secretKeyText)\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
            let secret = try #require(try YAMLParser(source: "secret.yaml").parseFirstDocument(Array(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: \(SecretSyncTests.password)\n".utf8)))
            let encrypted = try SOPSFile.encrypt([secret], format: .yaml, recipients: [identity.recipient],
                                                 rule: .encryptedRegex("^(data|stringData)$"))
            cluster = try await LocalClusterHarness(data: sandbox.path("cluster"), kubeconfig: sandbox.path("kubeconfig"))
            try sandbox.commit("first", [
                ".gitops.yaml": "environments:\n  dev:\n    path: clusters/dev\n    cluster: \(cluster.context)\n",
                "clusters/dev/kustomization.yaml": "namespace: shop\nresources:\n- ns.yaml\n- secret.yaml\n",
                "clusters/dev/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
                "clusters/dev/secret.yaml": String(decoding: encrypted, as: UTF8.self),
            ])
            environment = ["KUBECONFIG": cluster.kubeconfig, "GIT_COMMITTER_NAME": "Cy", "GIT_COMMITTER_EMAIL": "cy@example.com",
                           "HOME": sandbox.path("home"), "XDG_CONFIG_HOME": ""]
        }

        func run(_ arguments: String..., environment extra: [String: String] = [:]) async throws -> CLIRunner.Result {
            try await CLIRunner.run(arguments, in: URL(fileURLWithPath: sandbox.path("repo")), environment: environment.merging(extra) { $1 })
        }
    }

    @Test("a sync decrypts, applies the plaintext, and keeps it out of refs, notes and output")
    func syncs() async throws {
        let setup = try await Setup()
        let cluster = setup.cluster
        defer { Task { await cluster.stop() } }
        let base64 = Data(Self.password.utf8).base64EncodedString()

        // Without a key: a one-line error naming the file, nothing applied or recorded.
        let keyless = try await setup.run("sync", "dev")
        #expect(keyless.status != 0 && keyless.stderr.contains("clusters/dev/secret.yaml") && keyless.stderr.contains("no age key"),
                "\(keyless.stderr)")
        #expect((try? setup.sandbox.git("rev-parse", "--verify", "-q", "refs/ops/deploy/dev")) == nil)

        let synced = try await setup.run("sync", "dev", environment: ["SOPS_AGE_KEY_FILE": setup.keyFile])
        #expect(synced.status == 0, "\(synced.stderr)")
        let live = try await setup.cluster.withClient { client in
            try await client.get(GroupVersionKind(apiVersion: "v1", kind: "Secret"), name: "db", namespace: "shop")
        }
        #expect(live?[path: ["data", "password"]]?.text == base64, "\(String(describing: live))")
        #expect(live?["sops"] == nil)

        // No object of the repository (reachable or not), no file of its git dir
        // outside the object store (refs, notes, leases, the state under ops/), and
        // no output holds the value or its base64.
        let objects = try setup.sandbox.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)").split(separator: "\n").map(String.init)
        #expect(objects.count > 10)
        for object in objects {
            let content = try setup.sandbox.git("cat-file", "-p", object)
            #expect(!content.contains(Self.password) && !content.contains(base64), "\(object) holds the secret")
        }
        let gitDirectory = setup.sandbox.path("repo/.git")
        let files = FileManager.default.enumerator(atPath: gitDirectory)?.compactMap { $0 as? String }.filter { !$0.hasPrefix("objects/") } ?? []
        #expect(!files.isEmpty)
        for file in files {
            guard let data = FileManager.default.contents(atPath: gitDirectory + "/" + file) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains(Self.password) && !text.contains(base64), "\(file) holds the secret")
        }
        let outputs = [synced.stdout, synced.stderr, try await setup.run("diff", "dev").stdout, try await setup.run("status", "dev").stdout,
                       try await setup.run("log", "--no-pager", "dev").stdout]
        for output in outputs { #expect(!output.contains(Self.password) && !output.contains(base64), "\(output)") }

        // render prints the file as sops wrote it, as kubectl does; --show-secrets decrypts.
        let plain = try await setup.run("render", "--rev", "HEAD", "clusters/dev", environment: ["SOPS_AGE_KEY_FILE": setup.keyFile])
        #expect(plain.status == 0 && plain.stdout.contains("ENC[AES256_GCM,") && !plain.stdout.contains(Self.password), "\(plain.stdout)")
        let shown = try await setup.run("render", "--rev", "HEAD", "--show-secrets", "clusters/dev", environment: ["SOPS_AGE_KEY": try String(contentsOfFile: setup.keyFile, encoding: .utf8)])
        #expect(shown.status == 0 && shown.stdout.contains("password: \(Self.password)") && !shown.stdout.contains("sops:"), "\(shown.stdout)\(shown.stderr)")
    }

    @Test("a tampered value stops the sync with a message naming the file, and nothing is applied")
    func tampered() async throws {
        let setup = try await Setup()
        let cluster = setup.cluster
        defer { Task { await cluster.stop() } }
        let path = setup.sandbox.path("repo/clusters/dev/secret.yaml")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(text.range(of: "ENC[AES256_GCM,data:"))
        let index = text.index(start.upperBound, offsetBy: 2)
        text.replaceSubrange(index...index, with: text[index] == "A" ? "B" : "A")
        try setup.sandbox.commit("tampered", ["clusters/dev/secret.yaml": text])
        let result = try await setup.run("sync", "dev", environment: ["SOPS_AGE_KEY_FILE": setup.keyFile])
        #expect(result.status != 0 && result.stderr.contains("clusters/dev/secret.yaml"), "\(result.stderr)")
        #expect(!result.stderr.contains(Self.password))
        let namespaces = try await setup.cluster.withClient { client in
            try await client.list(GroupVersionKind(apiVersion: "v1", kind: "Namespace")).items.compactMap { $0[path: ["metadata", "name"]]?.text }
        }
        #expect(!namespaces.contains("shop"))
    }
}
