import Foundation
import Manifests
import Testing
@testable import Render

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("labels, commonLabels and commonAnnotations")
struct LabelTransformerTests {
    static let web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web

        """

    @Test("commonLabels reach selectors and pod templates and win over labels on the same key")
    func commonLabelsWin() throws {
        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n"
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- app.yaml\nlabels:\n- pairs:\n    env: dev\n    team: a\ncommonLabels:\n  env: prod\n",
            "app.yaml": Self.web + "---\n" + service,
        ])
        #expect(output == """
            apiVersion: v1
            kind: Service
            metadata:
              labels:
                env: prod
                team: a
              name: web
            spec:
              selector:
                app: web
                env: prod
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              labels:
                env: prod
                team: a
              name: web
            spec:
              selector:
                matchLabels:
                  app: web
                  env: prod
              template:
                metadata:
                  labels:
                    app: web
                    env: prod

            """)
    }

    @Test("labels with includeTemplates label pod templates but leave selectors alone")
    func includeTemplates() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- app.yaml\nlabels:\n- pairs:\n    tier: web\n  includeTemplates: true\n",
            "app.yaml": Self.web,
        ])
        #expect(output == """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              labels:
                tier: web
              name: web
            spec:
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                    tier: web

            """)
    }

    @Test("added labels are strings while existing labels keep their type")
    func labelTypes() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- cm.yaml\ncommonLabels:\n  version: \"1\"\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    build: 7\n",
        ])
        #expect(output == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    build: 7\n    version: \"1\"\n  name: c\n")
    }

    @Test("a selector that is not a mapping is an error")
    func selectorNotAMapping() throws {
        #expect {
            try renderFiles([
                "kustomization.yaml": "resources:\n- svc.yaml\ncommonLabels:\n  a: b\n",
                "svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: [a]\n",
            ])
        } throws: { error in
            (error as? RenderError)?.message.contains("expected MappingNode but got SequenceNode") == true
        }
    }

    @Test("commonAnnotations reach the job and pod templates of a CronJob, created where missing")
    func annotationsInTemplates() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- job.yaml\ncommonAnnotations:\n  owner: ops\n",
            "job.yaml": "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: \"0 2 * * *\"\n",
        ])
        #expect(output == """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              annotations:
                owner: ops
              name: nightly
            spec:
              jobTemplate:
                metadata:
                  annotations:
                    owner: ops
                spec:
                  template:
                    metadata:
                      annotations:
                        owner: ops
              schedule: 0 2 * * *

            """)
    }
}

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("label fields from configurations")
struct LabelConfigurationTests {
    @Test("a configuration's labels fields serve every labels entry but not commonLabels")
    func configurationLabels() throws {
        let output = try renderFiles([
            "kustomization.yaml": """
                configurations:
                - config.yaml
                resources:
                - r.yaml
                commonLabels:
                  c: d
                labels:
                - pairs:
                    a: b
                - pairs:
                    s: t
                  includeSelectors: true

                """,
            "config.yaml": """
                labels:
                - path: spec/custom/labels
                  create: true
                  kind: Widget
                commonLabels:
                - path: spec/common/labels
                  create: true
                  kind: Widget

                """,
            "r.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n",
        ])
        #expect(output == """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              labels:
                a: b
                c: d
                s: t
              name: w
            spec:
              common:
                labels:
                  c: d
                  s: t
              custom:
                labels:
                  a: b
                  s: t

            """)
    }

    @Test("an added label key that reads as another type fails the build; kustomization keys become their JSON text first", arguments: [
        "commonLabels:\n  \"1\": x\n", "commonLabels:\n  on: x\n", "labels:\n- pairs:\n    \"3\": x\n",
    ])
    func nonStringLabelKeys(field: String) {
        #expect {
            try renderFiles(["kustomization.yaml": "resources: [a.yaml]\n" + field,
                             "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"])
        } throws: { error in
            (error as? RenderError)?.message.contains("is not a string") == true
        }
    }

    @Test("a quoted key that reads as a string under YAML 1.2 is a label like any other")
    func yaml11OnlyKeys() throws {
        let output = try renderFiles(["kustomization.yaml": "resources: [a.yaml]\ncommonLabels:\n  \"on\": x\n",
                                      "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"])
        #expect(output == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    \"on\": x\n  name: a\n")
    }
}
