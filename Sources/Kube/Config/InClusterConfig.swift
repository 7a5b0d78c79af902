import FoundationEssentials

/// The connection of a pod to its own cluster, as client-go's `InClusterConfig` makes it:
/// the API server from `KUBERNETES_SERVICE_HOST` and `_PORT`, the service account's token
/// (read again as the kubelet rotates it), its CA and namespace from the files the kubelet
/// mounts.
package enum InClusterConfig {
    /// Where the kubelet mounts a pod's service account.
    package static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The connection, or nil when this is not a pod (the variables are not set).
    package static func connection(environment: [String: String],
                                   directory: String = serviceAccountDirectory) throws -> ClusterConnection? {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else { return nil }
        let address = host.contains(":") ? "[\(host)]" : host
        var connection = ClusterConnection(context: "in-cluster", server: try ServerAddress("https://\(address):\(port)"))
        let tokenFile = directory + "/token"
        // Read once now, so a pod without a token fails here rather than at its first request.
        _ = try LocalFile.read(tokenFile, failure: "cannot read the service account token '\(tokenFile)'")
        connection.credentials.tokenFile = tokenFile
        // client-go goes on with the system's authorities when the CA cannot be read.
        connection.authorityPEM = try? LocalFile.read(directory + "/ca.crt", failure: "")
        let namespaceFile = (try? LocalFile.read(directory + "/namespace", failure: "")).map {
            String(decoding: $0, as: UTF8.self).split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
        }
        connection.namespace = [environment["POD_NAMESPACE"], namespaceFile].compactMap { $0 }.first { !$0.isEmpty } ?? "default"
        return connection
    }
}
