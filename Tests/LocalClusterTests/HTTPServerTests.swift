import Foundation
import Testing
@testable import LocalCluster

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
}
