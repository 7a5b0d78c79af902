import Foundation
import Testing
@testable import Manifests
@testable import Render

private func render(_ files: [String: String]) throws -> String {
    try renderFiles(files)
}

private let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          containers:
          - name: app
            image: app:1
          - name: sidecar
            image: proxy:1
    """

@Suite("strategic merge and JSON patches")
struct PatchTests {
    @Test("merges containers by name and puts the patch's containers first")
    func mergesContainersByName() throws {
        let output = try render([
            "d.yaml": deployment,
            "kustomization.yaml": """
                resources: [d.yaml]
                patches:
                - patch: |-
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      template:
                        spec:
                          containers:
                          - name: sidecar
                            image: proxy:2
                          - name: extra
                            image: extra:1
                """,
        ])
        #expect(output == """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - image: proxy:2
                    name: sidecar
                  - image: extra:1
                    name: extra
                  - image: app:1
                    name: app

            """)
    }

    @Test("replaces the lists of a custom resource wholesale")
    func replacesCustomResourceLists() throws {
        let output = try render([
            "w.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  items: [{name: a}, {name: b}]\n",
            "kustomization.yaml": """
                resources: [w.yaml]
                patchesStrategicMerge:
                - |-
                  apiVersion: example.com/v1
                  kind: Widget
                  metadata: {name: w}
                  spec:
                    items: [{name: c}]
                """,
        ])
        #expect(output == "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  items:\n  - name: c\n")
    }

    @Test("deletes keys set to null, keeps the target's own nulls, and deletes objects marked $patch: delete")
    func nullsAndDeletes() throws {
        let output = try render([
            "r.yaml": """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: keep, creationTimestamp: null}
                data: {a: "1", b: "2"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: gone}
                """,
            "kustomization.yaml": """
                resources: [r.yaml]
                patches:
                - patch: |-
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: keep}
                    data: {a: null}
                - patch: |-
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: gone}
                    $patch: delete
                """,
        ])
        #expect(output == "apiVersion: v1\ndata:\n  b: \"2\"\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: keep\n")
    }

    @Test("turns label values of a targeted patch into strings, null included")
    func targetedPatchStringifiesLabels() throws {
        let output = try render([
            "r.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {x: \"1\"}\n",
            "kustomization.yaml": """
                resources: [r.yaml]
                patches:
                - target: {kind: ConfigMap}
                  patch: |-
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: any
                      labels: {x: null, y: 2}
                """,
        ])
        #expect(output == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    x: \"null\"\n    \"y\": \"2\"\n  name: c\n")
    }

    @Test("merges ports by port and protocol: new ports first, matched ones where they were")
    func mergesPortsByCompoundKey() throws {
        let output = try render([
            "s.yaml": """
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec:
                  ports:
                  - {port: 80, protocol: TCP}
                  - {port: 100, protocol: TCP}
                """,
            "kustomization.yaml": """
                resources: [s.yaml]
                patches:
                - patch: |-
                    apiVersion: v1
                    kind: Service
                    metadata: {name: s}
                    spec:
                      ports:
                      - {port: 100, protocol: TCP, name: n}
                      - {port: 70, protocol: TCP, name: m}
                """,
        ])
        #expect(output == """
            apiVersion: v1
            kind: Service
            metadata:
              name: s
            spec:
              ports:
              - name: m
                port: 70
                protocol: TCP
              - port: 80
                protocol: TCP
              - name: "n"
                port: 100
                protocol: TCP

            """)
    }

    @Test("refuses a strategic merge patch that names no resource")
    func refusesUnmatchedPatch() throws {
        #expect(throws: RenderError.self) {
            try render([
                "d.yaml": deployment,
                "kustomization.yaml": """
                    resources: [d.yaml]
                    patchesStrategicMerge:
                    - |-
                      apiVersion: apps/v1
                      kind: Deployment
                      metadata: {name: other}
                    """,
            ])
        }
    }

    @Test("refuses a target on an entry of several strategic merge patches")
    func refusesTargetOnSeveralDocuments() throws {
        #expect(throws: RenderError.self) {
            try render([
                "d.yaml": deployment,
                "p.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
                "kustomization.yaml": "resources: [d.yaml]\npatches:\n- path: p.yaml\n  target: {kind: Deployment}\n",
            ])
        }
    }

    @Test("gives a custom kind merge keys from an openapi schema file")
    func customSchemaMergeKeys() throws {
        let output = try render([
            "w.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  items: [{name: a, v: 1}, {name: b}]\n",
            "schema.json": """
                {"definitions": {"w": {"x-kubernetes-group-version-kind": [{"group": "example.com", "kind": "Widget", "version": "v1"}],
                 "properties": {"spec": {"properties": {"items": {"type": "array", "items": {"type": "object"},
                 "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "name"}}}}}}}
                """,
            "kustomization.yaml": """
                resources: [w.yaml]
                openapi: {path: schema.json}
                patches:
                - patch: |-
                    apiVersion: example.com/v1
                    kind: Widget
                    metadata: {name: w}
                    spec:
                      items: [{name: a, v: 2}]
                """,
        ])
        #expect(output == "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  items:\n  - name: a\n    v: 2\n  - name: b\n")
    }

    @Test("applies JSON 6902 operations in order, from YAML or JSON")
    func appliesJSONPatches() throws {
        let output = try render([
            "d.yaml": deployment,
            "ops.json": #"[{"op": "remove", "path": "/spec/template/spec/containers/-1"}]"#,
            "kustomization.yaml": """
                resources: [d.yaml]
                patches:
                - target: {kind: Deploy.*, name: web}
                  patch: |-
                    - op: add
                      path: /spec/template/spec/containers/-
                      value: {name: last, image: last:1}
                    - op: replace
                      path: /spec/replicas
                      value: 3
                patchesJson6902:
                - target: {group: apps, version: v1, kind: Deployment, name: web}
                  path: ops.json
                """,
        ])
        #expect(output == """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - image: app:1
                    name: app
                  - image: proxy:1
                    name: sidecar

            """)
    }

    @Test("fails a JSON patch whose test does not hold, or that removes a missing key")
    func failingJSONPatches() throws {
        let object = try JSON.parse(#"{"spec": {"replicas": 1}}"#)
        #expect(throws: JSONPatchError.self) {
            try JSONPatch(text: "- {op: test, path: /spec/replicas, value: 2}").apply(to: object)
        }
        #expect(throws: JSONPatchError.self) {
            try JSONPatch(text: "- {op: remove, path: /spec/missing}").apply(to: object)
        }
        let tested = try JSONPatch(text: "- {op: test, path: /spec/missing, value: null}").apply(to: object)
        #expect(tested == object)
    }

    // Expected output from kubectl kustomize (v5.5.0): kyaml walks the whole
    // object, so lists the patch never mentions still lose nameless, null-keyed
    // and repeated elements, while well-keyed lists stay exactly as they were.
    @Test("lists out of the patch's reach change only where kustomize changes them")
    func untouchedListsFollowKustomize() throws {
        let output = try render([
            "d.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  finalizers: [b, a, b]
                spec:
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      volumes:
                      - name: data
                        emptyDir: {}
                      - name: data
                        configMap: {name: other}
                      - {}
                      containers:
                      - name: app
                        image: app:1
                        ports:
                        - containerPort: 80
                        - containerPort: 443
                          protocol: TCP
                        - containerPort: 80
                          name: again
                        env:
                        - name: A
                          value: "1"
                        - value: nameless
                        - name: B
                          value: null
                      - name: tidy
                        image: tidy:1
                        ports:
                        - containerPort: 8080
                          protocol: TCP
                        - containerPort: 9090
                          protocol: UDP
                        volumeMounts:
                        - mountPath: /b
                          name: data
                        - mountPath: /a
                          name: data
                """,
            "kustomization.yaml": """
                resources: [d.yaml]
                patches:
                - patch: |-
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      template:
                        metadata:
                          labels: {tier: front}
                """,
        ])
        #expect(output == """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              finalizers:
              - b
              - a
              name: web
            spec:
              template:
                metadata:
                  labels:
                    app: web
                    tier: front
                spec:
                  containers:
                  - env:
                    - value: nameless
                    image: app:1
                    name: app
                    ports:
                    - containerPort: 443
                      protocol: TCP
                    - containerPort: 80
                      name: again
                  - image: tidy:1
                    name: tidy
                    ports:
                    - containerPort: 8080
                      protocol: TCP
                    - containerPort: 9090
                      protocol: UDP
                    volumeMounts:
                    - mountPath: /b
                      name: data
                    - mountPath: /a
                      name: data
                  volumes:
                  - emptyDir: {}
                    name: data

            """)
    }

    @Test("a patch's scalar over a quoted one is a string, as kustomize writes it in the target's style")
    func scalarTakesTargetStyle() throws {
        let output = try render([
            "cm.yaml": """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cm}
                data:
                  quoted: "abc"
                  plain: abc
                  block: |
                    abc
                  tagged: !!str abc
                  date: 'abc'
                  float: "abc"
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: json}
                data:
                  quoted: "abc"
                  number: "8080"
                """,
            "kustomization.yaml": """
                resources: [cm.yaml]
                configMapGenerator:
                - name: gen
                  literals: [port=8080, name=abc]
                  options: {disableNameSuffixHash: true}
                patches:
                - target: {name: json}
                  patch: '[{"op": "add", "path": "/data/added", "value": "x"}]'
                - patch: |-
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: cm}
                    data: {quoted: 5, plain: 5, block: true, tagged: 5, date: 2024-01-01, float: !!float 5}
                - patch: |-
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: gen}
                    data: {port: 9090, name: 7}
                - patch: |-
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: json}
                    data: {quoted: 5, number: 5}
                """,
        ])
        // A generated value, and one read back from JSON after a JSON patch, is
        // quoted only when it would not read as a string otherwise.
        #expect(output == """
            apiVersion: v1
            data:
              block: "true"
              date: "2024-01-01"
              float: 5
              plain: 5
              quoted: "5"
              tagged: 5
            kind: ConfigMap
            metadata:
              name: cm
            ---
            apiVersion: v1
            data:
              name: 7
              port: "9090"
            kind: ConfigMap
            metadata:
              name: gen
            ---
            apiVersion: v1
            data:
              added: x
              number: "5"
              quoted: 5
            kind: ConfigMap
            metadata:
              name: json

            """)
    }

    @Test("an integer of fewer than seven digits is left as it is, as writing it as a float64 would write it")
    func shortIntegersKeepTheirText() {
        var samples = ["0", "-0", "7", "-7", "80", "8080", "65535", "999999", "-999999", "100000", "123456"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { samples.append(String(Int.random(in: -999_999...999_999, using: &generator))) }
        for text in samples {
            #expect(JSONPatch.isShortInteger(text), "\(text)")
            #expect(Scalar.untagged(GoFloat.shortestG(Double(text)!)) == Scalar(text, tag: .int), "\(text)")
        }
        for text in ["1000000", "-1000000", "0123", "00", "+5", "0x1F", "0o17", "1_000", "", "-", "1.5", "1e3"] {
            #expect(!JSONPatch.isShortInteger(text), "\(text)")
        }
    }

    @Test("a JSON patch leaves the object's numbers as float64s, as kustomize reads the patched JSON back")
    func jsonPatchNumbersAreFloats() throws {
        let output = try render([
            "cm.yaml": """
                apiVersion: v1
                kind: Example
                metadata: {name: patched}
                data:
                  exact: 9007199254740993
                  max: 18446744073709551615
                  min: -9223372036854775808
                  small: 0.000001
                ---
                apiVersion: v1
                kind: Example
                metadata: {name: untouched}
                data:
                  exact: 9007199254740993
                  max: 18446744073709551615
                  min: -9223372036854775808
                """,
            "kustomization.yaml": """
                resources: [cm.yaml]
                patches:
                - target: {name: patched}
                  patch: '[{"op": "add", "path": "/data/million", "value": 1000000}]'
                """,
        ])
        #expect(output == """
            apiVersion: v1
            data:
              exact: 9007199254740992
              max: 1.8446744073709552e+19
              million: 1000000
              min: -9.223372036854776e+18
              small: 1e-06
            kind: Example
            metadata:
              name: patched
            ---
            apiVersion: v1
            data:
              exact: 9007199254740993
              max: 18446744073709551615
              min: -9223372036854775808
            kind: Example
            metadata:
              name: untouched

            """)
    }
}
