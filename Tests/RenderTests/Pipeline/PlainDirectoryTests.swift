import Foundation
import FileTree
import Manifests
import Testing
@testable import Render

/// A directory without a kustomization renders as Flux renders it: as kustomize
/// builds a kustomization listing its files in path order.
@Suite("plain directories")
struct PlainDirectoryTests {
    static let files = [
        "nested/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n  - port: 80\n",
        "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
        "b/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 1\n",
        "a/both.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\n---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n  annotations:\n    note: kept\ndata:\n  k: v\n",
        "webhook.yaml": "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: check\n",
        "README.md": "not a manifest\n",
    ]

    func withDirectory(_ files: [String: String], _ body: (URL) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("render-plain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try body(root)
    }

    @Test("a file whose name is not UTF-8 is an error naming the directory and the name, never dropped")
    func nonUTF8Name() throws {
        try withDirectory(Self.files) { root in
            let name = root.path + "/nested/x\u{FF}.yaml"
            var bytes = Array(name.utf8.dropLast("\u{FF}.yaml".utf8.count)) + [0xFF] + Array(".yaml".utf8) + [0]
            let descriptor = bytes.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_WRONLY | O_CREAT, 0o644) }
            }
            #expect(descriptor >= 0)
            close(descriptor)
            #expect {
                try Renderer(tree: DirectoryTree(root: root.path)).render("")
            } throws: { error in
                "\(error)".contains("nested") && "\(error)".contains("holds 'x\\xff.yaml', a name that is not UTF-8")
            }
        }
    }

    @Test("objects come in kustomize's legacy kind order: the Namespace first, webhooks last")
    func legacyOrder() throws {
        try withDirectory(Self.files) { root in
            let objects = try Renderer(tree: DirectoryTree(root: root.path)).render("").objects
            #expect(objects.map { Resource($0).id.kind } == ["Namespace", "ClusterRole", "ConfigMap", "Service", "Deployment", "ValidatingWebhookConfiguration"])
        }
    }

    @Test("is byte for byte what kubectl kustomize prints for a kustomization listing the files in path order")
    func sameAsKustomize() throws {
        guard let kubectl = ["/usr/local/bin/kubectl", "/usr/bin/kubectl"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("skipped: kubectl is not installed (needed to compare with kubectl kustomize)")
            return
        }
        var listed = Self.files
        listed["kustomization.yaml"] = "resources:\n" + Self.files.keys.filter { $0.hasSuffix(".yaml") }.sorted().map { "- \($0)\n" }.joined()
        try withDirectory(Self.files) { plain in
            try withDirectory(listed) { kustomized in
                let ours = try Renderer(tree: DirectoryTree(root: plain.path)).render("").yaml()
                let process = Process()
                process.executableURL = URL(fileURLWithPath: kubectl)
                process.arguments = ["kustomize", kustomized.path]
                let output = Pipe()
                process.standardOutput = output
                try process.run()
                let expected = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                #expect(process.terminationStatus == 0)
                #expect(ours == expected)
            }
        }
    }

    @Test("an object declared in two files is an error naming the second, as kustomize's")
    func duplicate() throws {
        try withDirectory(["a.yaml": Self.files["ns.yaml"]!, "b.yaml": Self.files["ns.yaml"]!]) { root in
            #expect {
                try Renderer(tree: DirectoryTree(root: root.path)).render("")
            } throws: { error in
                "\(error)".contains("b.yaml") && "\(error)".contains("may not add resource with an already registered id")
            }
        }
    }
}
