/// A cluster's `server` URL taken apart: `https://host:port[/prefix]`, the prefix for servers
/// behind a proxy path (Rancher's `/k8s/clusters/<id>`).
package struct ServerAddress: Sendable, Equatable, CustomStringConvertible {
    /// `https` or `http`.
    package var scheme: String
    /// A host name or IP address, without brackets.
    package var host: String
    /// The port (443 or 80 when the URL names none).
    package var port: Int
    /// A path every request's path follows, without a trailing slash; usually empty.
    package var pathPrefix: String

    /// Parses `url`; throws naming it when it is not an http or https URL with a host.
    package init(_ url: String) throws {
        func fail(_ why: String) -> KubeconfigError {
            KubeconfigError(.invalidEntry, "invalid server '\(url)': \(why)")
        }
        let parts = url.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw fail("it is not a URL (https://host:port)") }
        scheme = parts[0].lowercased()
        guard scheme == "https" || scheme == "http" else { throw fail("only https and http are supported") }
        let rest = parts[1]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        pathPrefix = String(rest[authority.endIndex...].prefix { $0 != "?" && $0 != "#" })
        while pathPrefix.hasSuffix("/") { pathPrefix.removeLast() }
        guard !authority.contains("@") else { throw fail("user information in the URL is not supported") }
        var hostPart = Substring(authority)
        var portText: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw fail("an IPv6 address lacks its ']'") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw fail("unexpected text after the address") }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portText = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        host = String(hostPart)
        guard !host.isEmpty else { throw fail("it names no host") }
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else { throw fail("the port is not a number from 1 to 65535") }
            port = number
        } else {
            port = scheme == "https" ? 443 : 80
        }
    }

    /// `scheme://host:port` with `host` in place of the server's host (for `tls-server-name`).
    func origin(host: String? = nil) -> String {
        let name = host ?? self.host
        return "\(scheme)://\(name.contains(":") ? "[\(name)]" : name):\(port)"
    }

    /// The URL, as written back: `scheme://host:port/prefix`.
    package var description: String { origin() + pathPrefix }
}
