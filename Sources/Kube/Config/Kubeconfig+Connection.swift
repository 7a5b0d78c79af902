/// Resolving a context to a connection, as kubectl does with `--context` and `--namespace`.
extension Kubeconfig {
    /// The connection of `context` (default: the current one), with `namespace` in place of
    /// the context's when given. Files the entries name are read now.
    package func connection(context chosen: String? = nil, namespace: String? = nil) throws -> ClusterConnection {
        guard let name = chosen.flatMap({ $0.isEmpty ? nil : $0 }) ?? currentContext else {
            throw KubeconfigError(.missingEntry, "no current context in kubeconfig '\(source)'; choose one with --context")
        }
        guard let context = contexts[name] else {
            let known = contexts.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw KubeconfigError(.missingEntry, "cannot find context '\(name)' in kubeconfig '\(source)'"
                                      + (known.isEmpty ? "" : " (contexts: \(known))"))
        }
        guard let cluster = clusters[context.cluster] else {
            throw KubeconfigError(.missingEntry, "cannot find cluster '\(context.cluster)' of context '\(name)' in kubeconfig '\(source)'")
        }
        guard !cluster.server.isEmpty else {
            throw KubeconfigError(.invalidEntry, "cluster '\(context.cluster)' of context '\(name)' has no server")
        }
        var connection = ClusterConnection(context: name, server: try ServerAddress(cluster.server))
        try connection.trust(cluster, named: context.cluster)
        connection.namespace = namespace.flatMap { $0.isEmpty ? nil : $0 } ?? context.namespace ?? "default"
        if !context.user.isEmpty {
            guard let user = users[context.user] else {
                throw KubeconfigError(.missingEntry, "cannot find user '\(context.user)' of context '\(name)' in kubeconfig '\(source)'")
            }
            connection.credentials = try Self.credentials(of: user, named: context.user)
        }
        try connection.checkTransport()
        return connection
    }

    private static func credentials(of user: User, named name: String) throws -> ClusterConnection.Credentials {
        if let provider = user.authProvider {
            throw KubeconfigError(.unsupported, "user '\(name)' uses auth-provider '\(provider)', which git-ops does not support; "
                                      + "use its exec credential plugin instead")
        }
        if user.hasBasicAuth && user.token == nil && user.tokenFile == nil && user.clientCertificate == nil
            && user.clientCertificateData == nil && user.exec == nil {
            throw KubeconfigError(.unsupported, "user '\(name)' has only a username and password, which git-ops does not send; "
                                      + "use a token or a client certificate")
        }
        var credentials = ClusterConnection.Credentials()
        credentials.token = user.token
        credentials.tokenFile = user.tokenFile
        credentials.exec = user.exec
        credentials.clientCertificatePEM = try user.clientCertificateData ?? user.clientCertificate.map {
            try LocalFile.read($0, failure: "cannot read client-certificate '\($0)' of user '\(name)'")
        }
        credentials.clientKeyPEM = try user.clientKeyData ?? user.clientKey.map {
            try LocalFile.read($0, failure: "cannot read client-key '\($0)' of user '\(name)'")
        }
        guard (credentials.clientCertificatePEM == nil) == (credentials.clientKeyPEM == nil) else {
            let (has, lacks) = credentials.clientKeyPEM == nil ? ("a client certificate", "client-key") : ("a client key", "client-certificate")
            throw KubeconfigError(.invalidEntry, "user '\(name)' has \(has) but no \(lacks)")
        }
        return credentials
    }
}

extension ClusterConnection {
    /// The trust settings of a cluster entry: its authority (the data over the file) or no
    /// verification at all, not both, as client-go refuses.
    mutating func trust(_ cluster: Kubeconfig.Cluster, named name: String) throws {
        if cluster.proxyURL != nil {
            throw KubeconfigError(.unsupported, "cluster '\(name)' has a proxy-url, which git-ops does not follow")
        }
        authorityPEM = try cluster.certificateAuthorityData ?? cluster.certificateAuthority.map {
            try LocalFile.read($0, failure: "cannot read certificate-authority '\($0)' of cluster '\(name)'")
        }
        insecureSkipTLSVerify = cluster.insecureSkipTLSVerify
        if insecureSkipTLSVerify && authorityPEM != nil {
            throw KubeconfigError(.invalidEntry, "cluster '\(name)' has both a certificate authority and insecure-skip-tls-verify; "
                                      + "remove one of them")
        }
        tlsServerName = cluster.tlsServerName
    }
}
