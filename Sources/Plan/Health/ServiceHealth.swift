import Manifests

/// kstatus's rule for Services (`serviceConditions`): a `LoadBalancer`
/// Service without `spec.clusterIP` is in progress; any other Service is
/// current. kstatus does not wait for the load balancer's ingress address
/// (Argo CD does), so a cloud load balancer that is slow to come does not
/// hold up a sync.
enum ServiceHealth {
    static func compute(_ object: Node) -> Health {
        let type = object.text("spec.type", otherwise: "ClusterIP")
        if type == "LoadBalancer", object.text("spec.clusterIP").isEmpty {
            return .inProgress("NoIPAssigned", "ClusterIP not set. Service type: LoadBalancer")
        }
        return .current("Service is ready")
    }
}
