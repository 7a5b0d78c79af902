import Manifests
import Testing
@testable import Render

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("vars")
struct VarResolverTests {
    @Test("a field that is one reference takes the var's type; $$ escapes; unknown references and other fields stay")
    func expansion() throws {
        let output = try renderFiles([
            "kustomization.yaml": """
                resources:
                - r.yaml
                vars:
                - name: DB_HOST
                  objref:
                    apiVersion: v1
                    kind: Service
                    name: db
                - name: DB_PORT
                  objref:
                    apiVersion: v1
                    kind: Service
                    name: db
                  fieldref:
                    fieldpath: spec.ports[0].port

                """,
            "r.yaml": """
                apiVersion: v1
                kind: Service
                metadata:
                  name: db
                spec:
                  ports:
                  - port: 5432
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: app
                spec:
                  containers:
                  - name: app
                    command: ["connect", "$(DB_HOST):$(DB_PORT)", "$$(DB_HOST)", "$(OTHER)"]
                    env:
                    - name: PORT
                      value: $(DB_PORT)
                    - name: HOST
                      value: $(DB_HOST)
                    workingDir: $(DB_HOST)

                """,
        ])
        #expect(output == """
            apiVersion: v1
            kind: Service
            metadata:
              name: db
            spec:
              ports:
              - port: 5432
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: app
            spec:
              containers:
              - command:
                - connect
                - db:5432
                - $(DB_HOST)
                - $(OTHER)
                env:
                - name: PORT
                  value: 5432
                - name: HOST
                  value: db
                name: app
                workingDir: $(DB_HOST)

            """)
    }

    @Test("a var declared in a base follows its object through the overlay's changes")
    func fromBase() throws {
        let output = try renderFiles([
            "overlay/kustomization.yaml": "resources:\n- ../base\nnamespace: prod\n",
            "base/kustomization.yaml": """
                resources:
                - r.yaml
                vars:
                - name: NS
                  objref:
                    apiVersion: v1
                    kind: Service
                    name: db
                  fieldref:
                    fieldpath: metadata.namespace

                """,
            "base/r.yaml": """
                apiVersion: v1
                kind: Service
                metadata:
                  name: db
                  namespace: dev
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: migrate
                spec:
                  template:
                    spec:
                      containers:
                      - name: m
                        args: ["--namespace=$(NS)"]

                """,
        ], "overlay")
        #expect(output == """
            apiVersion: v1
            kind: Service
            metadata:
              name: db
              namespace: prod
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
              namespace: prod
            spec:
              template:
                spec:
                  containers:
                  - args:
                    - --namespace=prod
                    name: m

            """)
    }

    @Test("an objref must name group, version and kind exactly, or the var cannot be resolved")
    func unbound() throws {
        #expect {
            try renderFiles([
                "kustomization.yaml": "resources:\n- r.yaml\nvars:\n- name: X\n  objref:\n    kind: Service\n    name: db\n",
                "r.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n",
            ])
        } throws: { error in
            (error as? RenderError)?.message.contains("var '{X Service.[noVer].[noGrp] {metadata.name}}' cannot be mapped") == true
        }
    }

    @Test("a var declared twice is an error")
    func duplicate() throws {
        let variable = "- name: X\n  objref:\n    apiVersion: v1\n    kind: Service\n    name: db\n"
        #expect {
            try renderFiles([
                "kustomization.yaml": "resources:\n- r.yaml\nvars:\n" + variable + variable,
                "r.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n",
            ])
        } throws: { error in
            (error as? RenderError)?.message.contains("var 'X' already encountered") == true
        }
    }

    @Test("expansion follows kustomize's rules on each string",
          arguments: [
              ("$(A)", Node.int(5)),
              ("x$(A)y", Node.string("x5y")),
              ("$$(A)", Node.string("$(A)")),
              ("$(B", Node.string("$(B")),
              ("$x $", Node.string("$x $")),
              ("$(S)-$(S)", Node.string("s-s")),
          ])
    func expander(input: String, expected: Node) {
        let expander = VarExpander(values: ["A": .int(5), "S": .string("s")])
        #expect(expander.replaced(input) == expected)
    }
}
