extension ClusterConnection {
    /// The connection kubectl would use: the explicit kubeconfig, else the merged files of
    /// `$KUBECONFIG` (or `~/.kube/config`), else, in a pod, its service account.
    package static func resolve(kubeconfig explicit: String? = nil, context: String? = nil, namespace: String? = nil,
                                environment: [String: String],
                                serviceAccountDirectory: String = InClusterConfig.serviceAccountDirectory) throws -> ClusterConnection {
        let paths = explicit.map { [$0] } ?? Kubeconfig.searchPaths(environment: environment)
        if let config = try Kubeconfig.load(paths: paths, explicit: explicit != nil) {
            return try config.connection(context: context, namespace: namespace)
        }
        if context == nil, var connection = try InClusterConfig.connection(environment: environment, directory: serviceAccountDirectory) {
            if let namespace, !namespace.isEmpty { connection.namespace = namespace }
            return connection
        }
        throw KubeconfigError(.noConfiguration, "no kubeconfig at '\(paths.joined(separator: ":"))' and not in a pod; "
                                  + "set KUBECONFIG or start a local cluster with 'git ops cluster up'")
    }
}
