import Foundation
import Testing
@testable import LocalCluster

/// Commands platform engineers run beyond apply and get: access checks, autoscaling, jobs.
@Suite("kubectl: access reviews, autoscaling, jobs", .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
struct KubectlPlatformTests {
    typealias Setup = KubectlChecklistTests

    @Test("kubectl auth can-i answers yes for everything, lists wildcard rules, and whoami names the admin")
    func authCanI() async throws {
        let (kubectl, namespace) = try await Setup.setUp("auth")
        let single = try await kubectl.run(["auth", "can-i", "create", "deployments", "-n", namespace])
        #expect(single.stdout == "yes\n", "\(single)")
        let everything = try await kubectl.run(["auth", "can-i", "*", "*", "--all-namespaces"])
        #expect(everything.stdout == "yes\n", "\(everything)")
        let list = try await kubectl.run(["auth", "can-i", "--list", "-n", namespace])
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(rows.contains("*.* [] [] [*]"), "\(list)")
        let whoami = try await kubectl.run(["auth", "whoami"])
        #expect(whoami.stdout.contains("kubernetes-admin"), "\(whoami)")
        let resources = try await kubectl.run(["api-resources", "--api-group=authorization.k8s.io", "-o", "name"])
        #expect(resources.stdout.contains("selfsubjectaccessreviews.authorization.k8s.io"), "\(resources)")
    }

    @Test("kubectl autoscale creates an autoscaling/v1 HPA that reads back as v2 metrics, and v1 patches convert")
    func autoscale() async throws {
        let (kubectl, namespace) = try await Setup.withDeployment()
        let created = try await kubectl.run(["autoscale", "deploy", "web", "-n", namespace, "--min=2", "--max=5", "--cpu-percent=70"])
        #expect(created.stdout == "horizontalpodautoscaler.autoscaling/web autoscaled\n", "\(created)")
        let v2 = try await kubectl.run(["get", "hpa", "web", "-n", namespace, "-o",
                                        "jsonpath={.apiVersion} {.spec.minReplicas} {.spec.metrics[0].resource.target.averageUtilization}"])
        #expect(v2.stdout == "autoscaling/v2 2 70", "\(v2)")
        let v1 = try await kubectl.run(["get", "horizontalpodautoscalers.v1.autoscaling", "web", "-n", namespace, "-o",
                                        "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage} {.spec.metrics}"])
        #expect(v1.stdout == "autoscaling/v1 70 ", "\(v1)")
        let patched = try await kubectl.run(["patch", "horizontalpodautoscalers.v1.autoscaling", "web", "-n", namespace,
                                             "-p", #"{"spec":{"targetCPUUtilizationPercentage":55}}"#])
        #expect(patched.status == 0, "\(patched)")
        let table = try await kubectl.run(["get", "hpa", "-n", namespace])
        #expect(table.stdout.contains("cpu: <unknown>/55%"), "\(table)")
        // Without --cpu-percent the stored v2 object gets upstream's default: 80% CPU.
        _ = try await kubectl.run(["autoscale", "deploy", "web", "-n", namespace, "--max=3", "--name=plain"])
        let defaulted = try await kubectl.run(["get", "hpa", "plain", "-n", namespace, "-o",
                                               "jsonpath={.spec.minReplicas} {.spec.metrics[0].resource.target.averageUtilization}"])
        #expect(defaulted.stdout == "1 80", "\(defaulted)")
    }

    @Test("a new Job gets the selector and pod labels upstream generates, unless it sets manualSelector")
    func jobSelector() async throws {
        let (kubectl, namespace) = try await Setup.setUp("job")
        let created = try await kubectl.run(["create", "job", "once", "-n", namespace, "--image=busybox", "--", "true"])
        #expect(created.status == 0, "\(created)")
        let uid = try await kubectl.run(["get", "job", "once", "-n", namespace, "-o", "jsonpath={.metadata.uid}"]).stdout
        let selector = try await kubectl.run(["get", "job", "once", "-n", namespace, "-o", "jsonpath={.spec.selector.matchLabels}"])
        #expect(selector.stdout == #"{"batch.kubernetes.io/controller-uid":"\#(uid)"}"#, "\(selector)")
        let labels = try await kubectl.run(["get", "job", "once", "-n", namespace, "-o", "jsonpath={.spec.template.metadata.labels}"])
        #expect(labels.stdout == #"{"batch.kubernetes.io/controller-uid":"\#(uid)","batch.kubernetes.io/job-name":"once","controller-uid":"\#(uid)","job-name":"once"}"#,
                "\(labels)")
        let manual = kubectl.workDirectory.appendingPathComponent("manual.yaml")
        try """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: manual}
            spec:
              manualSelector: true
              selector: {matchLabels: {app: manual}}
              template:
                metadata: {labels: {app: manual}}
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: busybox}]

            """.write(to: manual, atomically: true, encoding: .utf8)
        let applied = try await kubectl.run(["apply", "-n", namespace, "-f", manual.path])
        #expect(applied.status == 0, "\(applied)")
        let kept = try await kubectl.run(["get", "job", "manual", "-n", namespace, "-o",
                                          "jsonpath={.spec.selector.matchLabels} {.spec.template.metadata.labels}"])
        #expect(kept.stdout == #"{"app":"manual"} {"app":"manual"}"#, "\(kept)")
    }

    @Test("kubectl create job --from=cronjob copies a realistic pod template (volumes, probes, affinity, security) through protobuf")
    func jobFromCronJob() async throws {
        let (kubectl, namespace) = try await Setup.setUp("cron")
        let applied = try await kubectl.run(["apply", "-n", namespace, "-f", Kubectl.fixture("cronjob-full.yaml")])
        #expect(applied.status == 0, "\(applied)")
        let created = try await kubectl.run(["create", "job", "manual", "--from=cronjob/backup", "-n", namespace])
        #expect(created.stdout == "job.batch/manual created\n", "\(created)")
        let template = try await kubectl.run(["get", "cronjob", "backup", "-n", namespace, "-o",
                                              "jsonpath={.spec.jobTemplate.spec.template.spec}"]).stdout
        let job = try await kubectl.run(["get", "job", "manual", "-n", namespace, "-o", "jsonpath={.spec.template.spec}"]).stdout
        #expect(!template.isEmpty)
        #expect(job == template)
        for field in [#""tolerationSeconds":60"#, #""sizeLimit":"64Mi""#, #""expirationSeconds":3600"#, #""readOnlyRootFilesystem":true"#,
                      #""podAntiAffinity""#, #""scheme":"HTTP""#, #""defaultMode":420"#] {
            #expect(job.contains(field), "\(field) in \(job)")
        }
    }
}
