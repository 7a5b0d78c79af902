import Foundation
import Testing
@testable import LocalCluster
import TestSupport

/// The HTTP layer: every request gets an answer or a closed connection.
@Suite("HTTP server")
struct HTTPServerTests {
    @Test("a request the decoder cannot read gets Go's 400 and a closed connection")
    func malformedRequest() async throws {
        let port = try await TestCluster.server().port
        let (answer, closed) = try await RawConnection.run {
            let connection = try RawConnection(port: port)
            connection.send("GET /version HTTP/1.1\r\nHost: local\r\nno colon here\r\n\r\n")
            let answer = try connection.readResponse()
            return (answer, connection.readToEnd().closed)
        }
        #expect(answer.head.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(answer.head)")
        #expect(answer.body == "400 Bad Request")
        #expect(closed)
    }

    @Test("header values with control characters are sent with spaces instead", arguments: [
        ("plain", "plain"), ("a\r\nb", "a  b"), ("nul\u{0}", "nul "), ("tab\tkept", "tab\tkept"), ("del\u{7f}", "del "),
    ])
    func sanitizedHeaderValues(value: String, sent: String) {
        #expect(HTTPResponse.sanitized(value) == sent)
    }

    static let mebibyte = 1 << 20

    /// A ConfigMap whose one value holds `bytes` characters.
    static func configMap(_ name: String, bytes: Int) -> String {
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)"},"data":{"big":""#
            + String(repeating: "x", count: bytes) + #""}}"#
    }

    @Test("a body over 3 MiB is refused with the apiserver's 413 and Status")
    func bodyTooLarge() async throws {
        let (client, namespace) = try await TestCluster.client(namespace: "limits")
        let response = try await client.send("POST", "/api/v1/namespaces/\(namespace)/configmaps",
                                             body: Self.configMap("big", bytes: 4 * Self.mebibyte))
        #expect(response.status == 413)
        #expect(response.json?["reason"]?.string == "RequestEntityTooLarge")
        #expect(response.json?["message"]?.string == "Request entity too large: limit is 3145728")
        let under = try await client.send("POST", "/api/v1/namespaces/\(namespace)/configmaps",
                                          body: Self.configMap("under", bytes: Self.mebibyte))
        #expect(under.status == 201, "\(under.text)")
    }

    @Test("a chunked body that grows past 3 MiB is read to its end and refused; the connection serves on")
    func chunkedBodyTooLarge() async throws {
        let port = try await TestCluster.server().port
        let (refused, next) = try await RawConnection.run {
            let connection = try RawConnection(port: port)
            connection.send("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: local\r\n"
                            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = String(repeating: "x", count: 65536)
            for _ in 0..<49 { connection.send("10000\r\n" + chunk + "\r\n") }
            connection.send("0\r\n\r\nGET /version HTTP/1.1\r\nHost: local\r\n\r\n")
            return (try connection.readResponse(), try connection.readResponse())
        }
        #expect(refused.head.hasPrefix("HTTP/1.1 413 "), "\(refused.head)")
        #expect(refused.body.contains(#""message":"Request entity too large: limit is 3145728""#), "\(refused.body)")
        #expect(next.head.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(next.head)")
    }

    @Test("kubectl create of a file over 3 MiB fails as against a real apiserver",
          .enabled(if: Kubectl.isInstalled, "kubectl is not installed at /usr/bin/kubectl"))
    func kubectlBodyTooLarge() async throws {
        let (kubectl, namespace) = try await KubectlChecklistTests.setUp("limits")
        let file = kubectl.workDirectory.appendingPathComponent("big.json")
        try Self.configMap("big", bytes: 4 * Self.mebibyte).write(to: file, atomically: true, encoding: .utf8)
        let created = try await kubectl.run(["create", "-n", namespace, "-f", file.path])
        #expect(created.status == 1, "\(created)")
        #expect(created.stderr.contains("Error from server (RequestEntityTooLarge): error when creating \"\(file.path)\": "
                                        + "Request entity too large: limit is 3145728"), "\(created)")
    }

    @Test("a request line and headers over 1 MiB get Go's 431 and a closed connection; under it they are served",
          arguments: [(1 << 20) + 100, 200 * 1024])
    func headersTooLarge(size: Int) async throws {
        let port = try await TestCluster.server().port
        let (answer, closed) = try await RawConnection.run {
            let connection = try RawConnection(port: port)
            connection.send("GET /version HTTP/1.1\r\nHost: local\r\nX-Padding: " + String(repeating: "a", count: size) + "\r\n\r\n")
            let answer = try connection.readResponse()
            return (answer, size > 1 << 20 ? connection.readToEnd().closed : false)
        }
        if size > 1 << 20 {
            #expect(answer.head.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"), "\(answer.head)")
            #expect(answer.body == "431 Request Header Fields Too Large")
            #expect(closed)
        } else {
            #expect(answer.head.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(answer.head)")
        }
    }

    /// A server whose idle and body timeouts are two seconds, and whose watches bookmark every 100 ms.
    ///
    /// The timeouts are short enough to wait out, long enough that a request sent at once
    /// reaches the server within them on a machine busy with the other tests (at half a
    /// second, the idle deadline once closed a connection whose request was on its way).
    static func impatientServer() async throws -> ClusterServer {
        var configuration = ClusterConfiguration()
        configuration.scheme = .http
        configuration.runsControllers = false
        configuration.limits.idleTimeout = .seconds(2)
        configuration.limits.bodyTimeout = .seconds(2)
        configuration.bookmarkInterval = .milliseconds(100)
        return try await ClusterServer.start(configuration)
    }

    @Test("a connection that sends nothing is closed after the idle timeout")
    func idleConnectionClosed() async throws {
        let server = try await Self.impatientServer()
        defer { Task { await server.stop() } }
        let port = server.port
        let closed = try await RawConnection.run { try RawConnection(port: port).readToEnd().closed }
        #expect(closed)
    }

    @Test("a connection is closed after the idle timeout once its answer is sent")
    func keepAliveConnectionClosed() async throws {
        let server = try await Self.impatientServer()
        defer { Task { await server.stop() } }
        let port = server.port
        let (answer, closed) = try await RawConnection.run {
            let connection = try RawConnection(port: port)
            connection.send("GET /version HTTP/1.1\r\nHost: local\r\n\r\n")
            return (try connection.readResponse(), connection.readToEnd().closed)
        }
        #expect(answer.head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(closed)
    }

    @Test("a request head or body trickling in byte by byte is cut off", arguments: [
        "GET /version HTTP/1.1\r\nHost: local\r\nX-Slow: " + String(repeating: "a", count: 300),
        "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: local\r\nContent-Length: 300\r\n\r\n"
            + String(repeating: "a", count: 300),
    ])
    func slowRequestClosed(request: String) async throws {
        let server = try await Self.impatientServer()
        defer { Task { await server.stop() } }
        let port = server.port
        let closed = try await RawConnection.run {
            let connection = try RawConnection(port: port)
            let head = request.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init)
            if head.count == 2 { connection.send(head[0] + "\r\n\r\n") }
            return connection.trickle(Array((head.last ?? "").utf8))
        }
        #expect(closed)
    }

    @Test("a watch streams on past the idle and body timeouts")
    func watchOutlivesTimeouts() async throws {
        let server = try await Self.impatientServer()
        defer { Task { await server.stop() } }
        // The four namespaces, then bookmarks 100 ms apart: well past both timeouts.
        let lines = try await WatchReader.lines(port: server.port, path: "/api/v1/namespaces?watch=1&allowWatchBookmarks=true",
                                                count: 40)
        #expect(lines.count == 40)
        #expect(lines.last?["type"]?.string == "BOOKMARK")
    }

    @Test("a client that stops sending during a watch is seen at once: the server closes the connection")
    func watchClientGone() async throws {
        let server = try await TestCluster.server()
        let port = server.port
        // No bookmarks and no timeout for an hour: only reading the client's FIN can end it.
        let closed = try await RawConnection.run {
            let connection = try RawConnection(port: port)
            connection.send("GET /api/v1/namespaces?watch=1&resourceVersion=0&timeoutSeconds=3600 HTTP/1.1\r\nHost: x\r\n\r\n")
            guard connection.receive() != nil else { return false }
            connection.finishSending()
            return connection.readToEnd().closed
        }
        #expect(closed)
    }

    @Test("the cluster answers while every thread of Swift's cooperative pool is held by other work")
    func answersWithBusyPool() async throws {
        let server = try await TestCluster.server()
        let port = server.port
        let namespace = TestCluster.uniqueName("busy")
        let body = #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"\#(namespace)"}}"#
        // A write (the store's flush), a read, and what a controller makes: the namespace's
        // kube-root-ca.crt, asked for until it is there.
        func request(_ text: String) throws -> String {
            let connection = try RawConnection(port: port)
            connection.send(text)
            return try connection.readResponse().head
        }
        let (created, read, published) = try BusyPool.whileHeld {
            let created = try request("POST /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                          + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
            let read = try request("GET /api/v1/namespaces/\(namespace) HTTP/1.1\r\nHost: x\r\n\r\n")
            var published = ""
            for _ in 0..<300 where !published.hasPrefix("HTTP/1.1 200 ") {
                Thread.sleep(forTimeInterval: 0.2)
                published = try request("GET /api/v1/namespaces/\(namespace)/configmaps/kube-root-ca.crt HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            return (created, read, published)
        }
        #expect(created.hasPrefix("HTTP/1.1 201 "), "\(created)")
        #expect(read.hasPrefix("HTTP/1.1 200 "), "\(read)")
        #expect(published.hasPrefix("HTTP/1.1 200 "), "\(published)")
    }
}
