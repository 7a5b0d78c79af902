import Manifests
import Testing
@testable import Render

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("replacements")
struct ReplacementTransformerTests {
    static let settings = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          replicas: "7"
          url: https://db.internal:5432/app

        """

    @Test("an existing scalar keeps its type, a created one reads as its text")
    func typeKeeping() throws {
        let output = try renderFiles([
            "kustomization.yaml": """
                resources:
                - r.yaml
                replacements:
                - source:
                    kind: ConfigMap
                    name: settings
                    fieldPath: data.replicas
                  targets:
                  - select:
                      kind: Deployment
                    fieldPaths:
                    - spec.replicas
                    - metadata.annotations.replicas
                    - spec.template.spec.containers.[name=web].env.[name=REPLICAS].value
                    options:
                      create: true

                """,
            "r.yaml": Self.settings + """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                      - name: web
                        image: web:1

                """,
        ])
        #expect(output == Self.settingsOutput + """
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              annotations:
                replicas: "7"
              name: web
            spec:
              replicas: 7
              template:
                spec:
                  containers:
                  - env:
                    - name: REPLICAS
                      value: 7
                    image: web:1
                    name: web

            """)
    }

    static let settingsOutput = """
        apiVersion: v1
        data:
          replicas: "7"
          url: https://db.internal:5432/app
        kind: ConfigMap
        metadata:
          name: settings

        """

    @Test("delimiters cut the source and replace one part of each target; rejected objects are skipped")
    func delimitersAndReject() throws {
        let output = try renderFiles([
            "kustomization.yaml": """
                resources:
                - r.yaml
                replacements:
                - source:
                    kind: ConfigMap
                    fieldPath: data.url
                    options:
                      delimiter: /
                      index: 2
                  targets:
                  - select:
                      kind: Deployment
                    reject:
                    - name: other
                    fieldPaths:
                    - spec.template.spec.containers.*.image
                    options:
                      delimiter: ':'
                      index: 0

                """,
            "r.yaml": Self.settings + """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        image: web:1
                      - name: web-sidecar
                        image: proxy:2
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: other
                spec:
                  template:
                    spec:
                      containers:
                      - name: x
                        image: x:1

                """,
        ])
        #expect(output == Self.settingsOutput + """
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: other
            spec:
              template:
                spec:
                  containers:
                  - image: x:1
                    name: x
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - image: db.internal:5432:1
                    name: web
                  - image: db.internal:5432:2
                    name: web-sidecar

            """)
    }

    @Test("a replacements file holds a list; targets select by label and match list items by pattern")
    func fromFile() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- r.yaml\nreplacements:\n- path: replacements.yaml\n",
            "replacements.yaml": """
                - source:
                    kind: ConfigMap
                    fieldPath: data.host
                  targets:
                  - select:
                      labelSelector: app=web
                    fieldPaths:
                    - spec.template.spec.containers.[name=w].env.[name=HOST].value

                """,
            "r.yaml": """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  host: db
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels:
                    app: web
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        env:
                        - name: HOST
                          value: localhost

                """,
        ])
        #expect(output == """
            apiVersion: v1
            data:
              host: db
            kind: ConfigMap
            metadata:
              name: settings
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              labels:
                app: web
              name: web
            spec:
              template:
                spec:
                  containers:
                  - env:
                    - name: HOST
                      value: db
                    name: web

            """)
    }

    @Test("a missing target field without create is an error naming the path")
    func missingTarget() throws {
        #expect {
            try renderFiles([
                "kustomization.yaml": """
                    resources:
                    - r.yaml
                    replacements:
                    - source:
                        kind: ConfigMap
                        fieldPath: data.url
                      targets:
                      - select:
                          kind: Deployment
                        fieldPaths:
                        - spec.template.metadata.annotations.host

                    """,
                "r.yaml": Self.settings + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
            ])
        } throws: { error in
            (error as? RenderError)?.message.contains("unable to find field \"spec.template.metadata.annotations.host\" in replacement target") == true
        }
    }

    @Test("a source that selects no object is an error")
    func missingSource() throws {
        #expect {
            try renderFiles([
                "kustomization.yaml": """
                    resources:
                    - r.yaml
                    replacements:
                    - source:
                        kind: Secret
                      targets:
                      - select:
                          kind: ConfigMap

                    """,
                "r.yaml": Self.settings,
            ])
        } throws: { error in
            (error as? RenderError)?.message.contains("nothing selected by Secret.[noVer].[noGrp]/[noName].[noNs]") == true
        }
    }

    @Test("field paths split at unescaped dots and keep bracketed keys whole",
          arguments: [
              ("a.b.c", ["a", "b", "c"]),
              ("metadata.annotations.[example.com/x]", ["metadata", "annotations", "example.com/x"]),
              ("a\\.b.c", ["a.b", "c"]),
              ("spec.containers.[name=a.b].image", ["spec", "containers", "[name=a.b]", "image"]),
              (".data.x", ["data", "x"]),
          ])
    func splitting(path: String, parts: [String]) {
        #expect(ReplacementPath.split(path) == parts)
    }

    @Test("a replacements file matches field names regardless of case")
    func fileFieldNamesIgnoreCase() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources: [a.yaml]\nreplacements:\n- path: r.yaml\n",
            "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n",
            "r.yaml": """
            Source:
              Kind: ConfigMap
              FieldPath: metadata.name
            Targets:
            - Select:
                Kind: Secret
              FieldPaths: [metadata.labels.x]
              Options: {Create: true}
            """,
        ])
        #expect(output == """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: b
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              labels:
                x: b
              name: s

            """)
    }
}
