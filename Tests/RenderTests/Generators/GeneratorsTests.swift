import Manifests
import Testing
@testable import Render

@Suite("configMapGenerator and secretGenerator")
struct GeneratorsTests {
    @Test("generates from env files, literals and secrets with a content hash suffix")
    func generatesWithHashSuffix() throws {
        let tree = MemoryTree([
            "kustomization.yaml": """
            configMapGenerator:
            - name: app
              literals: [mode=prod, 'quoted="x"']
              envs: [app.env]
            secretGenerator:
            - name: creds
              literals: [password=s3cret]
              type: kubernetes.io/basic-auth
            """,
            "app.env": "# comment\nLEVEL=debug\nKEEP=\"quotes\" \n",
        ])
        #expect(try tree.render() == """
        apiVersion: v1
        data:
          KEEP: '"quotes" '
          LEVEL: debug
          mode: prod
          quoted: x
        kind: ConfigMap
        metadata:
          name: app-d9g6dfhg5f
        ---
        apiVersion: v1
        data:
          password: czNjcmV0
        kind: Secret
        metadata:
          name: creds-tt5ck8b7hb
        type: kubernetes.io/basic-auth

        """)
    }

    @Test("puts file contents that are not UTF-8 into binaryData")
    func binaryFiles() throws {
        let tree = MemoryTree(bytes: [
            "kustomization.yaml": Array("configMapGenerator:\n- name: blob\n  files: [data=blob.bin, note.txt]\n".utf8),
            "blob.bin": [0xff, 0x00, 0x01],
            "note.txt": Array("text".utf8),
        ])
        #expect(try tree.render() == """
        apiVersion: v1
        binaryData:
          data: /wAB
        data:
          note.txt: text
        kind: ConfigMap
        metadata:
          name: blob-c629d56hc6

        """)
    }

    @Test("a file holding DEL fails the build, as kustomize cannot print it")
    func unprintableCharacter() {
        let tree = MemoryTree(bytes: [
            "kustomization.yaml": Array("configMapGenerator:\n- name: c\n  files: [f.txt]\n".utf8),
            "f.txt": Array("a\u{7F}b\n".utf8),
        ])
        #expect {
            try tree.render()
        } throws: { error in
            (error as? RenderError)?.message.contains("control characters are not allowed") == true
        }
    }

    @Test("a generator label key that reads as a boolean fails the build, as kustomize prints it")
    func nonStringGeneratedLabelKey() {
        let tree = MemoryTree(["kustomization.yaml": "generatorOptions:\n  labels:\n    y: x\nconfigMapGenerator:\n- name: c\n  literals: [a=b]\n"])
        #expect {
            try tree.render()
        } throws: { error in
            (error as? RenderError)?.message.contains("mapping key true is not a string") == true
        }
    }

    @Test("merges into the base's object by its original name, keeping the base's prefixed name")
    func behaviorMerge() throws {
        let tree = MemoryTree([
            "base/kustomization.yaml": "namePrefix: base-\nconfigMapGenerator:\n- name: cfg\n  literals: [a=1, b=2]\n",
            "overlay/kustomization.yaml": "resources: [../base]\nconfigMapGenerator:\n- name: cfg\n  behavior: merge\n  literals: [b=3]\n",
        ])
        #expect(try tree.render("overlay") == """
        apiVersion: v1
        data:
          a: "1"
          b: "3"
        kind: ConfigMap
        metadata:
          name: base-cfg-dtd4b88ttf

        """)
    }

    @Test("refuses to merge when there is nothing to merge into")
    func mergeWithoutBase() {
        let tree = MemoryTree(["kustomization.yaml": "configMapGenerator:\n- name: cfg\n  behavior: merge\n  literals: [a=1]\n"])
        #expect(throws: RenderError.self) { try tree.render() }
    }

    @Test("refuses a key given twice")
    func duplicateKey() {
        let tree = MemoryTree(["kustomization.yaml": "configMapGenerator:\n- name: cfg\n  literals: [a=1, a=2]\n"])
        #expect(throws: RenderError.self) { try tree.render() }
    }

    @Test("leaves the name alone when the hash is disabled, and hashes equal data equally")
    func disabledHash() throws {
        let tree = MemoryTree([
            "kustomization.yaml": """
            configMapGenerator:
            - name: one
              literals: [a=b]
            - name: two
              literals: [a=b]
              options: {disableNameSuffixHash: true}
            """,
        ])
        let output = try tree.render()
        #expect(output.contains("name: one-4h2mbtbbt6\n"))
        #expect(output.contains("name: two\n"))
    }

    @Test("wraps base64 at 70 characters once it reaches them", arguments: [(51, 1), (52, 2), (200, 4)])
    func base64Wrapping(length: Int, lines: Int) {
        let encoded = Base64.encodeWrapped([UInt8](repeating: 0x61, count: length))
        #expect(encoded.split(separator: "\n").count == lines)
        #expect(encoded.hasSuffix("\n") == (lines > 1))
    }

    @Test("reads env files as kustomize does: comments, blank lines, no '=' and kept quotes")
    func envFileParsing() throws {
        let loader = KeyValueLoader(loader: Loader(tree: MemoryTree(["e.env": "\u{FEFF}A=1\n\n  # note\n  B = two \nC\r\nD=\"q\""]),
                                                   root: "", restrictor: .rootOnly), file: "kustomization.yaml")
        let pairs = try loader.envFilePairs("e.env", field: "envs")
        #expect(pairs.map(\.key) == ["A", "B ", "C", "D"])
        #expect(pairs.map { String(decoding: $0.value, as: UTF8.self) } == ["1", " two ", "", "\"q\""])
    }
}
