import Testing
@testable import Plan

@Suite("Health")
struct HealthTests {
    @Test("an object scheduled for deletion is Terminating before any kind rule")
    func terminating() throws {
        #expect(try health("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, deletionTimestamp: "2025-06-15T15:06:40Z"}
            status: {replicas: 0}
            """) == Health(.terminating, message: "Resource scheduled for deletion"))
    }

    @Test("a missing object is NotFound")
    func notFound() {
        #expect(Health.compute(nil, now: .now) == Health(.notFound, message: "Resource not found"))
    }

    @Test("Reconciling and Stalled conditions decide before the kind rule and the Ready condition", arguments: [
        ("[{type: Reconciling, status: 'True', reason: Progressing, message: 'applying revision 3'}, {type: Ready, status: 'True'}]",
         Health(.inProgress, reason: "Progressing", message: "applying revision 3")),
        ("[{type: Stalled, status: 'True', reason: BuildFailed, message: 'kustomize build failed'}, {type: Ready, status: 'True'}]",
         Health(.failed, reason: "BuildFailed", message: "kustomize build failed")),
        ("[{type: Stalled, status: 'False'}, {type: Ready, status: 'True'}]", Health(.current, message: "Resource is Ready")),
        ("[{type: Ready, status: 'False', reason: ArtifactFailed, message: 'fetch failed'}]",
         Health(.inProgress, reason: "ArtifactFailed", message: "fetch failed")),
        ("[{type: Ready, status: 'Unknown', reason: Progressing, message: 'reconciling'}]",
         Health(.inProgress, reason: "Progressing", message: "reconciling")),
        ("[{type: Healthy, status: 'False'}]", Health(.current, message: "Resource is current")),
        ("[]", Health(.current, message: "Resource is current")),
    ])
    func conditions(conditions: String, expected: Health) throws {
        #expect(try health("""
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            status: {conditions: \(conditions)}
            """) == expected)
    }

    @Test("a custom resource behind its generation is in progress; without an observed generation it is not checked",
          arguments: [
        ("status: {observedGeneration: 2}", Health(.inProgress, reason: "LatestGenerationNotObserved",
                                                  message: "Widget generation is 3, but latest observed generation is 2")),
        ("status: {observedGeneration: 3}", Health(.current, message: "Resource is current")),
        ("status: {}", Health(.current, message: "Resource is current")),
    ])
    func observedGeneration(status: String, expected: Health) throws {
        #expect(try health("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, generation: 3}\n\(status)\n")
            == expected)
    }

    @Test("objects no controller brings into being are always current", arguments: [
        ("v1", "Secret", "Resource is always ready"),
        ("v1", "ConfigMap", "Resource is always ready"),
        ("batch/v1", "CronJob", "Resource is always ready"),
        ("policy/v1", "PodDisruptionBudget", "AllowedDisruptions has been computed."),
    ])
    func alwaysCurrent(apiVersion: String, kind: String, message: String) throws {
        let yaml = "apiVersion: \(apiVersion)\nkind: \(kind)\nmetadata: {name: x}\n"
            + "status: {conditions: [{type: Ready, status: 'False'}]}\n"
        #expect(try health(yaml) == Health(.current, message: message))
    }

    @Test("aggregates as kstatus: Failed wins, then Unknown, then all Current, else InProgress", arguments: [
        ([Health.Status.current, .current], Health.Status.current),
        ([.current, .inProgress], .inProgress),
        ([.unknown, .inProgress, .current], .unknown),
        ([.unknown, .failed], .failed),
        ([.terminating, .current], .inProgress),
        ([], .current),
    ])
    func aggregate(statuses: [Health.Status], expected: Health.Status) {
        #expect(Health.aggregate(statuses) == expected)
    }
}
