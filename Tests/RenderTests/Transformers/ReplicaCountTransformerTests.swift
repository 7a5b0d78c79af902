import Manifests
import Testing
@testable import Render

/// Outputs below were printed by `kubectl kustomize` (kustomize v5.5.0) for the same inputs.
@Suite("replicas")
struct ReplicaTransformerTests {
    @Test("sets spec.replicas of the named workloads, creating it, and leaves other kinds alone")
    func setsCount() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- app.yaml\nreplicas:\n- name: web\n  count: 3\n- name: db\n  count: 0\n",
            "app.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: db
                spec:
                  replicas: 2
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web

                """,
        ])
        #expect(output == """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              replicas: 0
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web

            """)
    }

    @Test("a name that matches no workload is an error listing the kinds")
    func noMatch() throws {
        #expect {
            try renderFiles([
                "kustomization.yaml": "resources:\n- app.yaml\nreplicas:\n- name: nothere\n  count: 3\n",
                "app.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
            ])
        } throws: { error in
            (error as? RenderError)?.message.contains("resource with name nothere does not match a config with the following GVK [Deployment.") == true
        }
    }

    @Test("a quoted count stays a string, a plain one a number")
    func quotedCountKeepsItsType() throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- app.yaml\nreplicas:\n- name: quoted\n  count: 2\n- name: plain\n  count: 2\n",
            "app.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: quoted
            spec:
              replicas: '1'
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: plain
            spec:
              replicas: 1
            """,
        ])
        #expect(output == """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: plain
            spec:
              replicas: 2
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: quoted
            spec:
              replicas: "2"

            """)
    }

    @Test("a whole float count is an integer, as the kustomization goes through JSON", arguments: ["2.0", "1e1"])
    func wholeFloatCount(count: String) throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources:\n- app.yaml\nreplicas:\n- name: web\n  count: \(count)\n",
            "app.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
        ])
        let expected = count == "2.0" ? "2" : "10"
        #expect(output == "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: \(expected)\n")
    }

    @Test("a count with a fraction is refused")
    func fractionalCount() {
        #expect(throws: RenderError.self) {
            try renderFiles([
                "kustomization.yaml": "resources:\n- app.yaml\nreplicas:\n- name: web\n  count: 2.5\n",
                "app.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
            ])
        }
    }

    @Test("the count takes the quoting of the value it replaces, as written in the file", arguments: [
        ("\"abc\"", "\"2\""),   // quoted, even where the text reads as a string
        ("|-\n    abc", "\"2\""), // a block scalar counts as quoted
        ("!!str 1", "2"),          // a tag is not a quote: the new text reads as a number
        ("abc", "2"),
    ])
    func quotingOfTheReplacedValue(written: String, printed: String) throws {
        let output = try renderFiles([
            "kustomization.yaml": "resources: [d.yaml]\nreplicas: [{name: d, count: 2}]\n",
            "d.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: \(written)\n",
        ])
        #expect(output == "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: \(printed)\n")
    }
}
