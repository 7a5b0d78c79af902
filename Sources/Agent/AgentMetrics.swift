import Foundation
import Prometheus

/// The agent's Prometheus metrics, named and labelled as Flux's
/// (`gotk_reconcile_duration_seconds`, `gotk_reconcile_condition` with
/// `kind`, `name`, `namespace`) so its dashboards and alerts carry over; the
/// ones Flux has no name for are `gitops_*` with the same labels. An
/// environment is `kind="Environment"`, `name=<environment>`,
/// `namespace=<repository>`.
package final class AgentMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let namespace: String
    /// Flux's buckets: ten from 10 ms to 30 min.
    static let reconcileBuckets: [Double] = [0.01, 0.0384, 0.147, 0.565, 2.17, 8.31, 31.9, 122, 469, 1800]
    static let fetchBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 10, 20]

    package init(repository: String) {
        namespace = repository
    }

    func counter(_ name: String, _ help: String, _ labels: [(String, String)]) -> Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, helpText: help), labels: labels)
    }

    func gauge(_ name: String, _ help: String, _ labels: [(String, String)]) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, helpText: help), labels: labels)
    }

    func histogram(_ name: String, _ help: String, _ labels: [(String, String)], _ buckets: [Double]) -> ValueHistogram {
        registry.makeValueHistogram(descriptor: MetricNameDescriptor(metricName: name, helpText: help), labels: labels, buckets: buckets)
    }

    func labels(_ environment: String) -> [(String, String)] {
        [("kind", "Environment"), ("name", environment), ("namespace", namespace)]
    }

    /// A sync attempt ended: its result (`succeeded`, `failed`, ...) and duration.
    func sync(_ environment: String, result: String, seconds: Double) {
        counter("gitops_sync_total", "Sync attempts by environment and result.", labels(environment) + [("result", result)]).increment()
        histogram("gotk_reconcile_duration_seconds", "The duration of a reconciliation (a sync), in seconds.", labels(environment), Self.reconcileBuckets).record(seconds)
        if result == "succeeded" {
            gauge("gitops_last_successful_sync_timestamp_seconds", "When the last successful sync ended, in seconds since 1970.", labels(environment)).set(Date.now.timeIntervalSince1970)
        }
    }

    /// The environment's Ready condition, as Flux's three series.
    func ready(_ environment: String, _ value: Bool?) {
        for status in ["True", "False", "Unknown"] {
            let on = (value == true && status == "True") || (value == false && status == "False") || (value == nil && status == "Unknown")
            gauge("gotk_reconcile_condition", "The current condition status of an environment.", labels(environment) + [("type", "Ready"), ("status", status)]).set(Double(on ? 1 : 0))
        }
    }

    /// Objects that drifted from the deployment at the last check.
    func drift(_ environment: String, objects: Int) {
        gauge("gitops_drifted_objects", "Objects whose live state differs from the deployment.", labels(environment)).set(Double(objects))
    }

    /// Deployed objects by health.
    func resources(_ environment: String, healthy: Int, unhealthy: Int) {
        gauge("gitops_resources", "Deployed objects by health.", labels(environment) + [("health", "healthy")]).set(Double(healthy))
        gauge("gitops_resources", "Deployed objects by health.", labels(environment) + [("health", "unhealthy")]).set(Double(unhealthy))
    }

    /// An environment was rendered for a sync.
    func render(_ environment: String, seconds: Double) {
        histogram("gitops_render_duration_seconds", "The duration of rendering an environment for a sync, in seconds.",
                  labels(environment), Self.fetchBuckets).record(seconds)
    }

    /// A fetch of the repository ended.
    func fetch(seconds: Double, failed: Bool) {
        histogram("gitops_fetch_duration_seconds", "The duration of fetching the repository, in seconds.", [("namespace", namespace)], Self.fetchBuckets).record(seconds)
        if failed {
            counter("gitops_fetch_failures_total", "Fetches of the repository that failed.", [("namespace", namespace)]).increment()
        }
    }

    /// A webhook delivery, by provider and whether it was accepted.
    func webhook(_ provider: String, accepted: Bool) {
        counter("gitops_webhook_deliveries_total", "Webhook deliveries by provider and verdict.", [("provider", provider), ("accepted", accepted ? "true" : "false")]).increment()
    }

    /// The text exposition format.
    package func text() -> [UInt8] {
        registry.emitToBuffer()
    }
}
