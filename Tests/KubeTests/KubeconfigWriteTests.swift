import Foundation
import Kube
import Testing

/// Writing a context as kind does, which `git ops cluster up` and `down` use.
@Suite("Kubeconfig writing")
struct KubeconfigWriteTests {
    static func entry(_ name: String, server: String = "https://127.0.0.1:6443") -> KubeconfigEntry {
        var entry = KubeconfigEntry(name: name, server: server)
        entry.certificateAuthorityData = Array("CA".utf8)
        entry.clientCertificateData = Array("CERT".utf8)
        entry.clientKeyData = Array("KEY".utf8)
        return entry
    }

    @Test("a written context reads back as its connection's settings, made current, in a file only its owner reads")
    func roundTrip() throws {
        let scratch = try Scratch()
        let path = scratch.path + "/new/dir/config"
        try Kubeconfig.write(Self.entry("git-ops-dev"), to: path)
        let config = try #require(try Kubeconfig.read(path))
        #expect(config.currentContext == "git-ops-dev")
        #expect(config.clusters["git-ops-dev"]?.certificateAuthorityData == Array("CA".utf8))
        #expect(config.users["git-ops-dev"]?.clientKeyData == Array("KEY".utf8))
        #expect(config.contexts["git-ops-dev"]?.cluster == "git-ops-dev")
        #expect(config.contexts["git-ops-dev"]?.user == "git-ops-dev")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!FileManager.default.fileExists(atPath: path + ".lock"))
    }

    @Test("other entries and fields are kept, and a context written again is replaced in place")
    func keepsOthers() throws {
        let scratch = try Scratch()
        let path = try scratch.write("config", """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster: {server: "https://example.invalid:6443"}
              name: other
            contexts:
            - context: {cluster: other, user: other}
              name: other
            current-context: other
            users:
            - name: other
              user: {token: abc}
            preferences: {colors: true}
            """)
        try Kubeconfig.write(Self.entry("git-ops-a"), to: path)
        try Kubeconfig.write(Self.entry("git-ops-b"), to: path)
        try Kubeconfig.write(Self.entry("git-ops-a", server: "https://127.0.0.1:7443"), to: path)
        let config = try #require(try Kubeconfig.read(path))
        #expect(config.users["other"]?.token == "abc")
        #expect(config.clusters["git-ops-a"]?.server == "https://127.0.0.1:7443")
        #expect(config.clusters["git-ops-b"] != nil)
        #expect(config.currentContext == "git-ops-a")
        let text = try scratch.read("config")
        #expect(text.contains("colors: true"))
        #expect(text.components(separatedBy: "name: git-ops-a\n").count == 4, "\(text)")
    }

    @Test("removing a context removes its cluster and user, and clears the current context if it was that one")
    func remove() throws {
        let scratch = try Scratch()
        let path = scratch.path + "/config"
        try Kubeconfig.write(Self.entry("git-ops-a"), to: path)
        try Kubeconfig.write(Self.entry("git-ops-b"), to: path)
        try Kubeconfig.remove("git-ops-b", from: path)
        let config = try #require(try Kubeconfig.read(path))
        #expect(config.contexts.keys.sorted() == ["git-ops-a"])
        #expect(config.clusters.keys.sorted() == ["git-ops-a"])
        #expect(config.users.keys.sorted() == ["git-ops-a"])
        #expect(config.currentContext == nil)
        try Kubeconfig.remove("git-ops-a", from: scratch.path + "/absent")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/absent"))
    }

    @Test("writers of one file wait for each other's lock, and every context lands")
    func concurrentWriters() async throws {
        let scratch = try Scratch()
        let path = scratch.path + "/config"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask { try Kubeconfig.write(Self.entry("git-ops-\(index)"), to: path) }
            }
            try await group.waitForAll()
        }
        #expect(try Kubeconfig.read(path)?.contexts.count == 8)
    }

    @Test("a lock left behind is reported with what to do")
    func staleLock() throws {
        let scratch = try Scratch()
        try scratch.write("config.lock", "")
        #expect {
            try Kubeconfig.write(Self.entry("git-ops-a"), to: scratch.path + "/config")
        } throws: { error in
            (error as? KubeconfigError)?.message.hasSuffix("exists; another kubectl or git-ops may be writing it, else remove the file") == true
        }
    }

    @Test("a standalone document holds the one context, current")
    func standalone() {
        let document = Kubeconfig.document(with: Self.entry("git-ops-x"))
        #expect(document["current-context"]?.text == "git-ops-x")
        #expect(document["clusters"]?.sequence?.count == 1)
        #expect(document[path: ["users"]]?.sequence?.first?[path: ["user", "client-key-data"]]?.text == Data("KEY".utf8).base64EncodedString())
    }
}
