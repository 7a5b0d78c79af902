import Kube
import Testing

/// A pod's own connection, from its service account.
@Suite("InClusterConfig")
struct InClusterConfigTests {
    @Test("a pod reaches the service's address with its token file, CA and namespace")
    func inPod() throws {
        let scratch = try Scratch()
        try scratch.write("sa/token", "token-value")
        try scratch.write("sa/ca.crt", "CA")
        try scratch.write("sa/namespace", "team-a\n")
        let environment = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let connection = try #require(try InClusterConfig.connection(environment: environment, directory: scratch.path + "/sa"))
        #expect(connection.server.description == "https://10.96.0.1:443")
        #expect(connection.credentials.tokenFile == scratch.path + "/sa/token")
        #expect(connection.credentials.token == nil)
        #expect(connection.authorityPEM == Array("CA".utf8))
        #expect(connection.namespace == "team-a")
        #expect(connection.context == "in-cluster")
    }

    @Test("an IPv6 service address is bracketed, and POD_NAMESPACE wins over the file")
    func ipv6() throws {
        let scratch = try Scratch()
        try scratch.write("sa/token", "t")
        try scratch.write("sa/namespace", "file")
        let environment = ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443", "POD_NAMESPACE": "env"]
        let connection = try #require(try InClusterConfig.connection(environment: environment, directory: scratch.path + "/sa"))
        #expect(connection.server.description == "https://[fd00::1]:443")
        #expect(connection.namespace == "env")
        #expect(connection.authorityPEM == nil)
    }

    @Test("outside a pod there is none; in one without a token it is an error")
    func notInPod() throws {
        let scratch = try Scratch()
        #expect(try InClusterConfig.connection(environment: [:], directory: scratch.path) == nil)
        #expect(throws: KubeconfigError.self) {
            try InClusterConfig.connection(environment: ["KUBERNETES_SERVICE_HOST": "h", "KUBERNETES_SERVICE_PORT": "1"], directory: scratch.path)
        }
    }

    @Test("resolving uses the kubeconfig when there is one, the pod's account when not, and says what to do when neither")
    func resolve() throws {
        let scratch = try Scratch()
        try scratch.write("sa/token", "t")
        let pod = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443", "HOME": scratch.path]
        #expect(try ClusterConnection.resolve(environment: pod, serviceAccountDirectory: scratch.path + "/sa").context == "in-cluster")
        try scratch.write(".kube/config", KubeconfigLoadTests.file("home", server: "https://home:6443", current: "home"))
        #expect(try ClusterConnection.resolve(environment: pod, serviceAccountDirectory: scratch.path + "/sa").context == "home")
        #expect(throws: KubeconfigError(.noConfiguration, "no kubeconfig at '/nowhere/.kube/config' and not in a pod; "
                                            + "set KUBECONFIG or start a local cluster with 'git ops cluster up'")) {
            try ClusterConnection.resolve(environment: ["HOME": "/nowhere"], serviceAccountDirectory: scratch.path + "/sa")
        }
    }
}
