import Kube
import Testing

/// Loading kubeconfig files as kubectl does: `KUBECONFIG`'s list merged, first one wins.
@Suite("Kubeconfig loading and merging")
struct KubeconfigLoadTests {
    /// A kubeconfig with one cluster, user and context, all named `name`.
    static func file(_ name: String, server: String, current: String? = nil, namespace: String? = nil) -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: \(name)
          cluster: {server: "\(server)"}
        users:
        - name: \(name)
          user: {}
        contexts:
        - name: \(name)
          context: {cluster: \(name), user: \(name)\(namespace.map { ", namespace: \($0)" } ?? "")}
        \(current.map { "current-context: \($0)" } ?? "")
        """
    }

    @Test("the first file to name a cluster, user or context wins it whole; other names are merged in")
    func firstWins() throws {
        let scratch = try Scratch()
        let first = try scratch.write("a", Self.file("shared", server: "https://first:6443"))
        let second = try scratch.write("b", Self.file("shared", server: "https://second:6443", namespace: "ignored"))
        let third = try scratch.write("c", Self.file("other", server: "https://third:6443"))
        let config = try #require(try Kubeconfig.load(paths: [first, second, third]))
        #expect(config.clusters["shared"]?.server == "https://first:6443")
        // The second file's "shared" context is dropped whole, its namespace with it.
        #expect(config.contexts["shared"]?.namespace == nil)
        #expect(config.clusters["other"]?.server == "https://third:6443")
        #expect(config.files == [first, second, third])
    }

    @Test("current-context comes from the first file that sets it", arguments: [
        ([nil, "b", "c"], "b"), (["a", "b", nil], "a"), ([nil, nil, nil], nil),
    ] as [([String?], String?)])
    func currentContext(currents: [String?], expected: String?) throws {
        let scratch = try Scratch()
        let paths = try zip(["a", "b", "c"], currents).map { name, current in
            try scratch.write(name, Self.file(name, server: "https://\(name):6443", current: current))
        }
        #expect(try Kubeconfig.load(paths: paths)?.currentContext == expected)
    }

    @Test("KUBECONFIG is split at colons, empty entries and repeats dropped; without it ~/.kube/config is read")
    func searchPaths() {
        #expect(Kubeconfig.searchPaths(environment: ["KUBECONFIG": "/a::/b:/a", "HOME": "/h"]) == ["/a", "/b"])
        #expect(Kubeconfig.searchPaths(environment: ["KUBECONFIG": "", "HOME": "/h"]) == ["/h/.kube/config"])
        #expect(Kubeconfig.searchPaths(environment: ["HOME": "/h"]) == ["/h/.kube/config"])
    }

    @Test("a missing file of the list is skipped, a missing explicit file is an error, and no file at all is nil")
    func missingFiles() throws {
        let scratch = try Scratch()
        let present = try scratch.write("present", Self.file("p", server: "https://p:6443", current: "p"))
        #expect(try Kubeconfig.load(paths: [scratch.path + "/absent", present])?.currentContext == "p")
        #expect(try Kubeconfig.load(paths: [scratch.path + "/absent"]) == nil)
        #expect(throws: KubeconfigError(.unreadable, "cannot read kubeconfig '\(scratch.path)/absent': no such file")) {
            try Kubeconfig.load(paths: [scratch.path + "/absent"], explicit: true)
        }
    }

    @Test("new entries go to the first file of the list that exists, else to the first", arguments: [
        (["a", "b"], ["b"], "b"), (["a", "b"], [], "a"), (["a", "b"], ["a", "b"], "a"),
    ])
    func writePath(list: [String], existing: [String], expected: String) throws {
        let scratch = try Scratch()
        for name in existing { try scratch.write(name, "") }
        let environment = ["KUBECONFIG": list.map { scratch.path + "/" + $0 }.joined(separator: ":")]
        #expect(Kubeconfig.writePath(environment: environment) == scratch.path + "/" + expected)
    }

    @Test("a name twice in one file, or a list that is not one, is an error naming the file", arguments: [
        ("clusters:\n- name: x\n  cluster: {server: https://a}\n- name: x\n  cluster: {server: https://b}\n", "'clusters' names 'x' twice"),
        ("contexts: {name: x}\n", "'contexts' is not a list"),
        ("users:\n- user: {}\n", "an entry of 'users' has no name"),
        ("[1, 2]\n", "not a mapping"),
    ])
    func malformed(text: String, detail: String) throws {
        let scratch = try Scratch()
        let path = try scratch.write("config", text)
        #expect(throws: KubeconfigError(.unreadable, "cannot read kubeconfig '\(path)': \(detail)")) { try Kubeconfig.read(path) }
    }

    @Test("an empty file is an empty kubeconfig")
    func emptyFile() throws {
        let scratch = try Scratch()
        let config = try #require(try Kubeconfig.read(try scratch.write("config", "")))
        #expect(config.contexts.isEmpty && config.currentContext == nil)
    }
}
