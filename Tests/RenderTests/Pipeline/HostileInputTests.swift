import Foundation
#if canImport(Glibc)
import Glibc
#endif
import FileTree
import Manifests
import Testing
@testable import Render

/// Input made to hang, crash or exhaust a render: each ends in an error that
/// names the file, never a signal, an endless loop or a blocked read.
@Suite("hostile input", .timeLimit(.minutes(2)))
struct HostileInputTests {
    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"

    /// A fresh directory on disk, removed after `body`.
    func withDirectory(_ body: (URL) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("render-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try body(root)
    }

    func write(_ text: String, _ path: String, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func fifo(_ path: String, in root: URL) throws {
        #expect(mkfifo(root.appendingPathComponent(path).path, 0o644) == 0)
    }

    /// Renders `directory` of `root` (read as the whole file system sees it) and
    /// returns the error, which must be a `RenderError`.
    func renderError(_ directory: String, in root: URL, restrictor: Loader.Restrictor = .rootOnly) -> RenderError? {
        do {
            let path = String(root.appendingPathComponent(directory).path.dropFirst())
            _ = try Renderer(tree: DirectoryTree(root: "/"), options: .init(loadRestrictor: restrictor)).render(path).yaml()
            Issue.record("the render of '\(directory)' succeeded")
            return nil
        } catch let error as RenderError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("an object nested 30,000 deep is an error naming its file, not a crash")
    func deepObject() throws {
        try withDirectory { root in
            try write(Self.configMap + "data:\n  x: |\n    y\nextra:\n" + String(repeating: "- ", count: 30_000) + "x\n", "app/cm.yaml", in: root)
            let error = renderError("app", in: root)
            #expect(error?.description.contains("app/cm.yaml") == true)
            #expect(error?.description.contains("more than \(InputLimits.nestingDepth) levels") == true)
        }
    }

    @Test("a FIFO given as a resource, patch or generator file is refused without blocking", arguments: [
        "resources:\n- cm.yaml\npatches:\n- path: pipe.yaml\n",
        "resources:\n- cm.yaml\nconfigMapGenerator:\n- name: g\n  files:\n  - pipe.yaml\n",
        "resources:\n- cm.yaml\nconfigMapGenerator:\n- name: g\n  envs:\n  - pipe.yaml\n",
        "resources:\n- cm.yaml\nconfigurations:\n- pipe.yaml\n",
    ])
    func fifoFiles(_ kustomization: String) throws {
        try withDirectory { root in
            try write(Self.configMap, "app/cm.yaml", in: root)
            try write(kustomization, "app/kustomization.yaml", in: root)
            try fifo("app/pipe.yaml", in: root)
            let error = renderError("app", in: root)
            #expect(error?.description.contains("pipe.yaml': not a regular file (a named pipe)") == true, "\(String(describing: error))")
        }
    }

    @Test("a device is refused as a generator file even without the load restrictor")
    func deviceFile() throws {
        try withDirectory { root in
            try write("configMapGenerator:\n- name: z\n  files:\n  - /dev/zero\n", "app/kustomization.yaml", in: root)
            let error = renderError("app", in: root, restrictor: .none)
            #expect(error?.description.contains("'/dev/zero': not a regular file (a character device)") == true, "\(String(describing: error))")
        }
    }

    @Test("a kustomization file that is a directory or a FIFO is an error, not an empty plain directory")
    func kustomizationNotAFile() throws {
        try withDirectory { root in
            try write(Self.configMap, "dir/cm.yaml", in: root)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("dir/kustomization.yaml"), withIntermediateDirectories: true)
            #expect(renderError("dir", in: root)?.message.contains("is not a regular file") == true)
            try write(Self.configMap, "pipe/cm.yaml", in: root)
            try fifo("pipe/Kustomization", in: root)
            #expect(renderError("pipe", in: root)?.message.contains("is not a regular file") == true)
        }
    }

    @Test("a plain directory with links back to itself is a cycle error, not an endless walk")
    func plainDirectoryCycle() throws {
        try withDirectory { root in
            try write(Self.configMap, "plain/cm.yaml", in: root)
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("plain/l1").path, withDestinationPath: ".")
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("plain/l2").path, withDestinationPath: ".")
            let error = renderError("plain", in: root)
            #expect(error?.message.contains("symbolic link cycle") == true, "\(String(describing: error))")
        }
    }

    @Test("a plain directory reached twice through links is read once")
    func plainDirectoryReadOnce() throws {
        try withDirectory { root in
            try write(Self.configMap, "plain/real/cm.yaml", in: root)
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("plain/also").path, withDestinationPath: "real")
            let output = try Renderer(tree: DirectoryTree(root: root.path)).render("plain").yaml()
            #expect(output == Self.configMap)
        }
    }

    @Test("a FIFO named like a manifest in a plain directory is refused")
    func plainDirectoryFIFO() throws {
        try withDirectory { root in
            try write(Self.configMap, "plain/cm.yaml", in: root)
            try fifo("plain/pipe.yaml", in: root)
            #expect(renderError("plain", in: root)?.message.contains("is not a regular file") == true)
        }
    }

    @Test("a file over the size limit is refused before it is read whole")
    func largeFile() throws {
        try withDirectory { root in
            try write("resources:\n- big.yaml\n", "app/kustomization.yaml", in: root)
            let path = root.appendingPathComponent("app/big.yaml").path
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            // A sparse file: its size is past the limit, its blocks are not on disk.
            #expect(truncate(path, off_t(FileLimits.fileBytes + 1)) == 0)
            let error = renderError("app", in: root)
            #expect(error?.description.contains("larger than 64 MiB") == true, "\(String(describing: error))")
        }
    }

    @Test("a JSON patch whose copies double the object is stopped at the size limit")
    func doublingJSONPatch() throws {
        let operations = (0..<40).map { #"{"op":"copy","from":"/data","path":"/data/k\#($0)"}"# }.joined(separator: ",")
        let tree = MemoryTree([
            "kustomization.yaml": "resources:\n- cm.yaml\npatches:\n- path: patch.json\n  target:\n    kind: ConfigMap\n",
            "cm.yaml": Self.configMap + "data:\n  x: \"" + String(repeating: "y", count: 1_000) + "\"\n",
            "patch.json": "[" + operations + "]",
        ])
        #expect {
            try tree.render()
        } throws: { error in
            (error as? RenderError)?.message.contains("larger than 256 MiB") == true
        }
    }

    @Test("replacements that copy an object into itself are stopped at the size limit")
    func doublingReplacements() throws {
        let replacement = """
            - source:
                kind: ConfigMap
                name: a
                fieldPath: data
              targets:
              - select:
                  kind: ConfigMap
                  name: a
                fieldPaths:
                - data.left
                - data.right
                options:
                  create: true

            """
        let tree = MemoryTree([
            "kustomization.yaml": "resources:\n- cm.yaml\nreplacements:\n" + String(repeating: replacement, count: 40),
            "cm.yaml": Self.configMap + "data:\n  x: \"" + String(repeating: "y", count: 1_000) + "\"\n",
        ])
        #expect {
            try tree.render()
        } throws: { error in
            (error as? RenderError)?.message.contains("larger than 256 MiB") == true
        }
    }

    @Test("a configurations entry that names no file is an error naming the kustomization")
    func emptyConfigurationsEntry() throws {
        let tree = MemoryTree(["kustomization.yaml": "resources:\n- cm.yaml\nconfigurations:\n- \"\"\n", "cm.yaml": Self.configMap])
        #expect {
            try tree.render()
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error.file == "kustomization.yaml" && error.message.contains("'configurations[0]' names no file")
        }
    }
}
