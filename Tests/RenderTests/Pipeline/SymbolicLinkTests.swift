import Foundation
import FileTree
import Manifests
import Testing
@testable import Render

/// Symbolic links on disk, checked against `kubectl kustomize` (kustomize v5.5.0):
/// the load restrictor compares paths with links followed.
@Suite("symbolic links")
struct SymbolicLinkTests {
    /// A fresh directory holding `outside/cm.yaml` and `app/`, removed after `body`.
    func withTree(_ body: (URL) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("render-links-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("app/sub"), withIntermediateDirectories: true)
        try "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: out\n".write(to: outside.appendingPathComponent("cm.yaml"),
                                                                            atomically: true, encoding: .utf8)
        try "resources:\n- cm.yaml\n".write(to: outside.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        try body(root)
    }

    func link(_ path: String, to destination: String, in root: URL) throws {
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(path).path, withDestinationPath: destination)
    }

    func write(_ text: String, _ path: String, in root: URL) throws {
        try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }

    @Test("a link to a file outside the kustomization's directory is refused, as a file would be")
    func linkedFileOutside() throws {
        try withTree { root in
            try link("app/link.yaml", to: "../outside/cm.yaml", in: root)
            try write("resources:\n- link.yaml\n", "app/kustomization.yaml", in: root)
            #expect {
                try Renderer(tree: DirectoryTree(root: root.path)).render("app")
            } throws: { error in
                (error as? RenderError)?.message.hasPrefix("security; file") == true
            }
        }
    }

    @Test("a link to a file inside the directory, and a linked directory used as a base, are read")
    func linksThatStayInside() throws {
        try withTree { root in
            try write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: in\n", "app/cm.yaml", in: root)
            try link("app/sub/link.yaml", to: "../cm.yaml", in: root)
            try link("app/base", to: "../outside", in: root)
            try write("resources:\n- sub/link.yaml\n- base\n", "app/kustomization.yaml", in: root)
            let output = try Renderer(tree: DirectoryTree(root: root.path)).render("app").yaml()
            #expect(output == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: in\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: out\n")
        }
    }

    @Test("'..' inside a base reached through a link starts from the link's target, as kustomize's")
    func dotDotFromTarget() throws {
        try withTree { root in
            // outside/base lists '../common': from the link's target that is outside/common.
            for directory in ["outside/base", "outside/common"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
            }
            try write("resources:\n- ../common\n", "outside/base/kustomization.yaml", in: root)
            try write("resources:\n- cm.yaml\n", "outside/common/kustomization.yaml", in: root)
            try write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: common\n", "outside/common/cm.yaml", in: root)
            try link("app/base", to: "../outside/base", in: root)
            try write("resources:\n- base\n", "app/kustomization.yaml", in: root)
            let expected = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: common\n"
            #expect(try Renderer(tree: DirectoryTree(root: root.path)).render("app").yaml() == expected)
        }
    }

    @Test("a linked directory that leads back up to a kustomization being built is a cycle")
    func linkedCycle() throws {
        try withTree { root in
            try write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: in\n", "app/sub/cm.yaml", in: root)
            try link("app/sub/up", to: "..", in: root)
            try write("resources:\n- cm.yaml\n- up\n", "app/sub/kustomization.yaml", in: root)
            try write("resources:\n- sub\n", "app/kustomization.yaml", in: root)
            #expect {
                try Renderer(tree: DirectoryTree(root: root.path)).render("app")
            } throws: { error in
                let error = error as? RenderError
                return error?.file == root.path + "/app/sub/up"
                    && error?.message.hasPrefix("cycle detected: candidate root '\(root.path)/app/sub/up' contains visited root '\(root.path)/app'") == true
            }
        }
    }
}
