import Manifests
import Testing
@testable import Render

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("YAML output")
struct YAMLOutputTests {
    @Test("a string that begins with a byte order mark has every character escaped, key or value")
    func leadingByteOrderMark() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- cm.yaml\n",
            "cm.yaml": #"""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                data:
                  "\ufeffkey": "\ufeffa b\u00e9\n\"\\\u00a0\u2028\U0001F600 end"
                  mid: "a\ufeffb c"
                  plain: x

                """#,
        ])
        #expect(output == #"""
            apiVersion: v1
            data:
              "\uFEFF\x6B\x65\x79": "\uFEFF\x61\x20\x62\xE9\n\"\\\_\L\U0001F600\x20\x65\x6E\x64"
              mid: "a\uFEFFb c"
              plain: x
            kind: ConfigMap
            metadata:
              name: c

            """#)
    }

    @Test("a !!binary value prints as the text of its bytes; one that is not base64 is an error")
    func binaryTag() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- cm.yaml\n",
            "cm.yaml": """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                data:
                  block: !!binary |
                    aGVs
                    bG8=
                  crlf: !!binary "aGVsbG8=\\r\\n"
                  empty: !!binary ""
                  notText: !!binary /w==

                """,
        ])
        #expect(output == """
            apiVersion: v1
            data:
              block: hello
              crlf: hello
              empty: ""
              notText: \u{FFFD}
            kind: ConfigMap
            metadata:
              name: c

            """)
        for invalid in ["aGVsbG8", "\"aGVs bG8=\""] {
            #expect(throws: (any Error).self) {
                try renderFiles([
                    "kustomization.yaml": "resources:\n- cm.yaml\n",
                    "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: !!binary \(invalid)\n",
                ])
            }
        }
    }

    @Test("a timestamp with a time in a flow collection keeps its text; a date alone, or one in block style, is rewritten")
    func timestampsInFlowCollections() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- r.yaml\n",
            "r.yaml": """
                apiVersion: example.com/v1
                kind: Thing
                metadata:
                  name: t
                spec:
                  flow: [2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43, 2002-12-14]
                  map: {k: 2001-12-14T21:59:43.10-05:00}
                  tagged: [!!timestamp 2001-12-14t21:59:43.10-05:00]
                  block:
                  - 2001-12-14t21:59:43.10-05:00

                """,
        ])
        #expect(output == """
            apiVersion: example.com/v1
            kind: Thing
            metadata:
              name: t
            spec:
              block:
              - "2001-12-14T21:59:43.1-05:00"
              flow:
              - "2001-12-14t21:59:43.10-05:00"
              - "2001-12-14 21:59:43"
              - "2002-12-14T00:00:00Z"
              map:
                k: "2001-12-14T21:59:43.10-05:00"
              tagged:
              - "2001-12-14T21:59:43.1-05:00"

            """)
    }
}
